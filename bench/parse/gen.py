#!/usr/bin/env python3
"""gen.py OUTDIR — the inputs of bench/parse: big.xml, a ~50 MB RSS 2.0 feed
of Chinese news items in RSSHub's style (CDATA HTML descriptions with
paragraphs, links, images and &nbsp;), and small/0000.xml … 0999.xml, 1,000
small feeds of 10-30 items, RSS 2.0, Atom 1.0 and RSS 1.0 in turn.
Deterministic (fixed seed)."""
import os
import random
import sys

out = sys.argv[1]
rnd = random.Random(42)
HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
PUNCT = "，。、；：！？"


def sentence(n):
    s = "".join(rnd.choice(HAN) for _ in range(n))
    return s + rnd.choice(PUNCT)


def para():
    return "".join(sentence(rnd.randint(8, 30)) for _ in range(rnd.randint(2, 6)))


def item_html(i):
    parts = ["<p>　　%s</p>" % para()]
    if i % 3 == 0:
        parts.append('<p><img src="https://n.sinaimg.example.cn/news/%d.jpg" alt="图片"></p>' % i)
    parts.append('<p>%s<a href="https://news.example.cn/link/%d.html">%s</a>&nbsp;%s</p>' % (para(), i, sentence(6), para()))
    parts.append("<p>责任编辑：%s</p>" % sentence(3))
    return "".join(parts)


def rss_item(i):
    return ("<item>\n<title><![CDATA[%s]]></title>\n<description><![CDATA[%s]]></description>\n"
            "<pubDate>Fri, 19 Aug 2022 %02d:%02d:%02d GMT</pubDate>\n"
            "<guid isPermaLink=\"false\">https://news.example.cn/a/%d.shtml</guid>\n"
            "<link>https://news.example.cn/a/%d.shtml</link>\n<author><![CDATA[%s]]></author>\n"
            "<category>%s</category>\n</item>\n"
            % (sentence(20), item_html(i), i % 24, i % 60, (i * 7) % 60, i, i, sentence(3), sentence(2)))


def rss_head(title):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">\n'
            "<channel>\n<title><![CDATA[%s]]></title>\n<link>https://news.example.cn/</link>\n"
            '<atom:link href="https://rsshub.app/news" rel="self" type="application/rss+xml" />\n'
            "<description><![CDATA[%s - Made with love by RSSHub(https://github.com/DIYgod/RSSHub)]]></description>\n"
            "<language>zh-cn</language>\n<lastBuildDate>Fri, 19 Aug 2022 04:01:43 GMT</lastBuildDate>\n<ttl>5</ttl>\n"
            % (title, title))


os.makedirs(os.path.join(out, "small"), exist_ok=True)
with open(os.path.join(out, "big.xml"), "w", encoding="utf-8") as f:
    f.write(rss_head("新闻中心"))
    size, i = 0, 0
    while size < 50 * 1000 * 1000:
        it = rss_item(i)
        f.write(it)
        size += len(it.encode("utf-8"))
        i += 1
    f.write("</channel>\n</rss>\n")
print("big.xml: %d items" % i)

total = 0
for k in range(1000):
    n = rnd.randint(10, 30)
    kind = k % 3
    if kind == 0:
        doc = rss_head("小站 %d" % k) + "".join(rss_item(k * 100 + j) for j in range(n)) + "</channel>\n</rss>\n"
    elif kind == 1:
        entries = "".join(
            '<entry><title>%s</title><id>tag:example.org,2024:%d-%d</id><link href="/p/%d/%d.html"/>'
            "<published>2024-02-29T23:30:00+09:00</published><updated>2024-03-01T10:00:00Z</updated>"
            '<author><name>%s</name></author><category term="%s"/><summary type="text">%s</summary>'
            '<content type="html"><![CDATA[%s]]></content></entry>\n'
            % (sentence(15), k, j, k, j, sentence(2), sentence(2), sentence(30), item_html(j)) for j in range(n))
        doc = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
               'xml:base="https://blog.example.org/" xml:lang="zh"><title>博客 %d</title><link href="/"/>'
               "<id>tag:example.org,2024:%d</id><updated>2024-03-01T12:00:00+09:00</updated>\n%s</feed>\n" % (k, k, entries))
    else:
        items = "".join(
            '<item rdf:about="https://rdf.example.org/%d/%d"><title>%s</title><link>https://rdf.example.org/%d/%d</link>'
            "<description>%s</description><dc:creator>%s</dc:creator><dc:date>2004-01-01T10:00:00+01:00</dc:date>"
            "<dc:subject>%s</dc:subject></item>\n" % (k, j, sentence(15), k, j, para(), sentence(2), sentence(2))
            for j in range(n))
        doc = ('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
               'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
               '<channel rdf:about="https://rdf.example.org/%d"><title>RDF %d</title><link>https://rdf.example.org/</link>'
               "<description>%s</description></channel>\n%s</rdf:RDF>\n" % (k, k, para(), items))
    total += n
    with open(os.path.join(out, "small", "%04d.xml" % k), "w", encoding="utf-8") as f:
        f.write(doc)
print("small: 1000 feeds, %d items" % total)
