#!/usr/bin/env bash
# site_incremental.sh — every incremental build equals a clean build of
# the same inputs, byte for byte, over random sequences of adds, edits and
# deletions of posts, templates and config; a build killed with SIGKILL at
# a random moment and run again equals a clean build too.
#
# One site (A) is built incrementally after each random step; a copy of
# its inputs (B, mtimes kept: posts without a date take their file's) is
# built from nothing; public/ must be the same tree with the same bytes.
# NM_INCR_SEED and NM_INCR_STEPS pick another sequence.
. "$NM_ROOT/tests/e2e/lib.sh"

python3 - "$NEWSMILL" "$NM_TMP" "${NM_INCR_SEED:-14}" "${NM_INCR_STEPS:-25}" <<'PY'
import os, random, shutil, subprocess, sys, time, filecmp

nm, tmp, seed, steps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
A = os.path.join(tmp, "a")
posts = os.path.join(A, "source", "_posts")
os.makedirs(posts)
os.makedirs(os.path.join(A, "source", "img"))
with open(os.path.join(A, "source", "img", "a.svg"), "w") as f:
    f.write("<svg xmlns='http://www.w3.org/2000/svg'/>\n")

CATS = [["金融", "新浪财经"], ["金融", "新浪财经", "国内"], ["科技"], ["科技", "AI"], ["World"], []]
TAGS = ["a", "b", "c d", "东"]
config = {"title": "Incremental", "per_page": 3, "pagination": "hexo", "sidebar": "shared",
          "theme": "", "feed_limit": 4, "language": "en", "sitemap_limit": 50000}
names = []
counter = [0]

def write_config():
    with open(os.path.join(A, "_config.yml"), "w") as f:
        f.write("title: %s\nurl: http://example.com\nper_page: %d\nlanguage: %s\n"
                % (config["title"], config["per_page"], config["language"]))
        if config["theme"]:
            f.write("theme: %s\n" % config["theme"])
        f.write("newsmill:\n  pagination: %s\n  sidebar: %s\n  feed_limit: %d\n  sitemap_limit: %d\n"
                "  search_segment: 16\n"
                % (config["pagination"], config["sidebar"], config["feed_limit"], config["sitemap_limit"]))

def post_text(title, cats, tags, day, body, dated=True):
    s = "---\ntitle: '%s'\n" % title
    if cats:
        s += "categories:\n" + "".join("  - %s\n" % c for c in cats)
    if tags:
        s += "tags:\n" + "".join("  - '%s'\n" % t for t in tags)
    if dated:
        s += "date: 2024-%02d-%02d %02d:%02d:00\n" % (1 + day // 28 % 12, 1 + day % 28, day % 24, day % 60)
    s += "---\n" + body + "\n"
    return s

def random_body():
    words = " ".join(rnd.choice(["news", "markets", "雨", "rain", "**bold**", "[l](/x/)"]) for _ in range(rnd.randint(3, 30)))
    if rnd.random() < 0.3:
        words += "\n\n<!-- more -->\n\nrest " + words
    if rnd.random() < 0.2:
        words = "<p>" + words.replace("<", "&lt;") + "</p>"
    return words

def add_post():
    counter[0] += 1
    name = "p%03d%s.md" % (counter[0], rnd.choice(["", "-x"]))
    with open(os.path.join(posts, name), "w") as f:
        f.write(post_text("Post %d" % counter[0], rnd.choice(CATS), rnd.sample(TAGS, rnd.randint(0, 2)),
                          rnd.randint(0, 400), random_body(), rnd.random() > 0.1))
    names.append(name)
    return "add " + name

def edit_post():
    if not names:
        return add_post()
    name = rnd.choice(names)
    p = os.path.join(posts, name)
    with open(p) as f:
        s = f.read()
    k = rnd.random()
    if k < 0.3:
        # same size, same second: only the bytes tell
        i = s.rindex("\n", 0, len(s) - 1) + 1
        j = rnd.randrange(i, len(s) - 1)
        if s[j].isascii() and s[j].isalnum():
            s = s[:j] + ("Z" if s[j] != "Z" else "Y") + s[j + 1:]
        what = "same-size edit"
    elif k < 0.5:
        s = s.replace("title: '", "title: 'Edited ", 1)
        what = "title"
    elif k < 0.7:
        s = post_text("Moved %s" % name, rnd.choice(CATS), rnd.sample(TAGS, rnd.randint(0, 2)),
                      rnd.randint(0, 400), random_body())
        what = "rewrite"
    else:
        s = s.rstrip("\n") + "\n\nMore text " + str(rnd.random()) + "\n"
        what = "body"
    with open(p, "w") as f:
        f.write(s)
    return "edit %s (%s)" % (name, what)

def delete_post():
    if not names:
        return add_post()
    name = names.pop(rnd.randrange(len(names)))
    os.unlink(os.path.join(posts, name))
    return "delete " + name

def edit_template():
    d = os.path.join(A, "themes", "t")
    os.makedirs(d, exist_ok=True)
    k = rnd.random()
    card = os.path.join(d, "card.mustache")
    if k < 0.4:
        with open(card, "w") as f:
            f.write('<article class="c"><a href="{{href}}">{{title}}</a> %d {{date}}{{#excerpt}}<div>{{{excerpt}}}</div>{{/excerpt}}</article>\n' % rnd.randint(0, 9))
        return "template card.mustache"
    if k < 0.6 and os.path.exists(card):
        os.unlink(card)
        return "template card.mustache removed"
    if k < 0.8:
        with open(os.path.join(d, "sidebar.mustache"), "w") as f:
            f.write('<section><h2>R%d</h2><ul>{{#site.recent}}<li><a href="{{href}}">{{title}}</a></li>{{/site.recent}}</ul></section>\n{{#site.nav_tree}}{{>tree}}{{/site.nav_tree}}\n' % rnd.randint(0, 9))
        return "template sidebar.mustache"
    config["theme"] = "" if config["theme"] else "t"
    write_config()
    return "theme " + (config["theme"] or "default")

def edit_config():
    k = rnd.choice(["per_page", "pagination", "sidebar", "title", "feed_limit", "language", "sitemap_limit"])
    if k == "per_page":
        config[k] = rnd.choice([0, 2, 3, 5])
    elif k == "pagination":
        config[k] = "stable" if config[k] == "hexo" else "hexo"
    elif k == "sidebar":
        config[k] = "inline" if config[k] == "shared" else "shared"
    elif k == "title":
        config[k] = "Incremental %d" % rnd.randint(0, 99)
    elif k == "sitemap_limit":
        config[k] = rnd.choice([7, 50000])
    elif k == "feed_limit":
        config[k] = rnd.choice([1, 4, 20])
    else:
        config[k] = "zh-CN" if config[k] == "en" else "en"
    write_config()
    return "config %s=%s" % (k, config[k])

def build(site, *extra):
    return subprocess.run([nm, "-q", "-C", site, "build", "-j", "2", *extra],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

def same_tree(a, b):
    ta, tb = [], []
    for root, out in ((a, ta), (b, tb)):
        for d, _, fs in os.walk(root):
            for f in fs:
                out.append(os.path.relpath(os.path.join(d, f), root))
    ta.sort(); tb.sort()
    if ta != tb:
        return "files differ: only incremental %s; only clean %s" % (
            sorted(set(ta) - set(tb))[:5], sorted(set(tb) - set(ta))[:5])
    for f in ta:
        if not filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False):
            return "bytes differ: " + f
    return None

failures = 0
def check(name, problem):
    global failures
    if problem:
        failures += 1
        print("not ok - %s\n    %s" % (name, problem))
    else:
        print("ok - " + name)

def compare(step, what):
    B = os.path.join(tmp, "b")
    shutil.rmtree(B, ignore_errors=True)
    os.makedirs(B)
    for x in ("source", "themes", "_config.yml"):
        src = os.path.join(A, x)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(B, x), copy_function=shutil.copy2)
        elif os.path.exists(src):
            shutil.copy2(src, os.path.join(B, x))
    r = build(B)
    if r.returncode:
        return "clean build failed: " + r.stderr[:300]
    return same_tree(os.path.join(A, "public"), os.path.join(B, "public"))

write_config()
for _ in range(12):
    add_post()
r = build(A)
check("first build", r.stderr[:300] if r.returncode else None)
ops = [add_post] * 4 + [edit_post] * 4 + [delete_post] * 2 + [edit_template, edit_config]
kills = 0
for step in range(steps):
    what = rnd.choice(ops)()
    if rnd.random() < 0.25:
        # several changes between two builds
        what += "; " + rnd.choice(ops)()
    if rnd.random() < 0.3:
        # kill a build at a random moment, then build again
        p = subprocess.Popen([nm, "-q", "-C", A, "build", "-j", "2"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0, 0.03))
        p.kill()
        p.wait()
        kills += 1
        what += " (a build killed first)"
    r = build(A)
    if r.returncode:
        check("step %d: %s: build" % (step, what), r.stderr[:300])
        continue
    check("step %d: %s: incremental == clean" % (step, what), compare(step, what))
print("# %d steps, %d builds killed" % (steps, kills))
sys.exit(1 if failures else 0)
PY
[ $? -eq 0 ] || nm_failures=$((nm_failures + 1))
finish
