#!/usr/bin/env python3
"""gen_corpus.py OUT MB — generated Chinese news article bodies, separated
by "\\n\\f\\n": Sina/163/QQ-like markup with full-width indents, figures,
tables, lists, links, comments, a <style> block, a QR promo and an editor
line, so that the cleaner's rules all run. Deterministic (seeded)."""
import random, sys
out, mb = sys.argv[1], float(sys.argv[2])
rnd = random.Random(42)
words = "中国 经济 发展 市场 企业 政策 投资 增长 数据 技术 创新 国际 合作 金融 科技 城市 消费 服务 产业 能源 互联网 人工智能 数字化 改革 开放 稳定 安全 质量 提升 推动".split()
def sent(n):
    return "".join(rnd.choice(words) for _ in range(n)) + rnd.choice("，。；：")
def para():
    return "<p>　　" + "".join(sent(rnd.randint(4, 12)) for _ in range(rnd.randint(3, 8))) + "</p>"
def article(i):
    parts = ['<div class="article" id="artibody">']
    for k in range(rnd.randint(6, 18)):
        r = rnd.random()
        if r < 0.6:
            parts.append(para())
        elif r < 0.7:
            parts.append(f'<div class="img_wrapper"><img src="//n.sinaimg.cn/news/{i}/{k}.jpg" alt="{sent(3)}" width="640"><span class="img_descr">{sent(6)}</span></div>')
        elif r < 0.78:
            rows = "".join(f"<tr><td>{sent(2)}</td><td>{rnd.randint(1,9999)}</td><td>{rnd.random()*10:.1f}%</td></tr>" for _ in range(5))
            parts.append(f'<table border="1"><tbody>{rows}</tbody></table>')
        elif r < 0.86:
            parts.append("<ul>" + "".join(f"<li>{sent(5)}</li>" for _ in range(4)) + "</ul>")
        elif r < 0.93:
            parts.append(f'<p>　　详见<a href="/news/{i}/{k}.shtml" target="_blank">{sent(4)}</a>，<strong>{sent(3)}</strong><font color="red">{sent(2)}</font>&nbsp;&ldquo;{sent(3)}&rdquo;</p>')
        else:
            parts.append(f"<blockquote><p>{sent(10)}</p></blockquote>")
    parts.append("<!-- news_keyword_pub,stock, -->\n\n<!-- 正文下iframe -->\n\n<style>.appendQr_wrap{border:1px solid #E6E6E6;padding:8px;}</style>")
    parts.append('<div class="clearfix appendQr_wrap"><div class="appendQr_normal"><img src="https://n.sinaimg.cn/finance/cece9e13/20200514/343233024.png"></div><div class="appendQr_normal_txt">海量资讯、精准解读，尽在新浪财经APP</div></div>')
    parts.append(f'<p class="article-editor">责任编辑：{rnd.choice(words)} </p>\n</div>')
    return "\n".join(parts)
target = int(mb * 1e6)
size = 0
i = 0
with open(out, "w", encoding="utf-8") as f:
    while size < target:
        a = article(i) + "\n\f\n"
        f.write(a)
        size += len(a.encode("utf-8"))
        i += 1
