#!/usr/bin/env python3
"""site.py SITE MODE PHOTOS REMOTE — give a site's posts real photos.

Every post of SITE/source/_posts gets photo i (of the JPEGs in PHOTOS,
sorted, taken in turn) as its headimg/thumbnail and as its first body
<img>; its other body images get other photos. MODE:

  link    the posts hotlink the full-size originals at REMOTE/NAME.jpg
          (another origin, as a publisher's CDN: newsmill's `link` mode)
  mirror  each photo is stored as `images: mirror` stores it, once per
          content hash, at source/images/HH/HASH.jpg, and posts name
          /images/HH/HASH.jpg

Prints how many posts and distinct photos it used.
"""
import hashlib, os, re, shutil, sys

site, mode, photos_dir, remote = sys.argv[1:5]
photos = sorted(f for f in os.listdir(photos_dir) if f.endswith(".jpg"))
posts_dir = os.path.join(site, "source", "_posts")
names = sorted(f for f in os.listdir(posts_dir) if f.endswith(".md"))
used = {}

def url_of(k):
    name = photos[k % len(photos)]
    if mode == "link":
        used[name] = True
        return remote.rstrip("/") + "/" + name
    if name not in used:
        data = open(os.path.join(photos_dir, name), "rb").read()
        h = hashlib.sha256(data).hexdigest()[:32]
        rel = "images/%s/%s.jpg" % (h[:2], h)
        dst = os.path.join(site, "source", rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(os.path.join(photos_dir, name), dst)
        used[name] = "/" + rel
    return used[name]

for i, n in enumerate(names):
    path = os.path.join(posts_dir, n)
    text = open(path, encoding="utf-8").read()
    end = text.index("\n---", 4)
    fm, body = text[:end], text[end:]
    lead = url_of(i)
    fm = re.sub(r"(?m)^(headimg|thumbnail):.*$", "", fm)
    fm = fm.rstrip("\n") + "\nheadimg: '%s'\n" % lead
    fm = re.sub(r"\n\n+", "\n", fm)
    count = [0]
    def repl(m):
        k = count[0]
        count[0] += 1
        return m.group(1) + (lead if k == 0 else url_of(i + 397 * k))
    body = re.sub(r'(<img[^>]*?\bsrc=["\'])[^"\']*', lambda m: repl(m) + "", body)
    if count[0] == 0:
        body = body.replace("\n---\n", "\n---\n<p><img src=\"%s\" alt=\"\"></p>\n" % lead, 1)
    open(path, "w", encoding="utf-8").write(fm + body)
print("%d posts, %d photos (%s)" % (len(names), len(used), mode))
