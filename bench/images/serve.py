#!/usr/bin/env python3
"""serve.py DIR PORT — a static server as a production host is: text
(HTML, CSS, JS, JSON, XML) gzip-compressed when the client accepts it,
images as they are, Cache-Control off (every load of the bench is a first
visit anyway). Prints "ready" once listening."""
import gzip, http.server, os, sys

root, port = sys.argv[1], int(sys.argv[2])
TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg")

class H(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=root, **k)
    def log_message(self, *a):
        pass
    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if (path.endswith(TEXT) and os.path.isfile(path)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(open(path, "rb").read(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()

H.extensions_map.update({".webp": "image/webp", ".avif": "image/avif"})
s = http.server.ThreadingHTTPServer(("127.0.0.1", port), H)
print("ready", flush=True)
s.serve_forever()
