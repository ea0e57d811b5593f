#!/usr/bin/env python3
"""make_pages.py — builds the Chinese news page set of bench/extract.

Reads the article texts of articles/*.txt (written for this bench; the
stories, names and figures are made up) and lays each into the page
layout of its site, as those sites' article pages are built: navigation,
breadcrumbs, headers, share bars, sidebars of hot and related links, ads,
comments, editor lines such as （责任编辑：…）, footers, scripts (36Kr's
and QQ's carry the article again in a JSON state blob), lazy images with
placeholder GIFs. Writes pages/<id>.html.gz in the page's own encoding
(UTF-8, GBK/GB2312 or Big5; some declared in a <meta>, one after 2 KB of
head, some not declared at all) and ground-truth.json in the scrapinghub
format ({id: {"articleBody", "url"}}): the article's text, one block a
line (paragraphs, subheadings, list items, table rows), without title,
byline, figure captions (scrapinghub's truth leaves out 58 of the 61
<figcaption>s of its pages), editor line or anything around the article.

    python3 make_pages.py          (run from anywhere; rewrites the set)

Article file format: records start with `@@ ID`, then `key: value`
header lines (site, enc, title, date, source, author, editor, url), a
`---` line, then the body: one block a line; `## text` a subheading,
`[img: caption]` a figure, `- text` a list item, `| a | b |` a table row.
"""
import gzip
import hashlib
import html
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- pools

HOT_CN = [
    "央行：保持流动性合理充裕 引导融资成本稳中有降",
    "多地出台楼市新政 首套房首付比例下调至15%",
    "新能源汽车2月销量同比增长逾三成 出口再创新高",
    "A股三大指数集体收涨 半导体板块领涨两市",
    "国家统计局：一季度居民人均可支配收入实际增长5.2%",
    "春运收官：全国铁路累计发送旅客4.8亿人次",
    "人民币对美元中间价上调87个基点",
    "多家银行下调存款利率 三年期定存利率跌破2.5%",
    "国产大飞机C919开启商业运营一周年",
    "气象台发布寒潮蓝色预警 中东部将迎大风降温",
    "教育部：严禁以任何名义举办重点班",
    "A股上市公司年报披露进入高峰期",
    "多地高校宣布扩招 重点向理工科倾斜",
    "国内成品油价格迎年内第三次上调",
    "消费电子回暖 手机出货量连续三个季度增长",
    "城市更新行动提速 老旧小区改造开工超5万个",
    "跨境电商进出口规模首次突破2.5万亿元",
    "证监会发布上市公司监管指引 规范减持行为",
    "全国首个低空经济产业园在深圳揭牌",
    "五一假期国内旅游出游人次同比增长",
    "光伏组件价格持续下行 行业进入洗牌期",
    "科学家发现新型超导材料 临界温度再创纪录",
    "医保目录调整方案公布 新增药品平均降价六成",
    "一线城市二手房成交量环比回升",
    "外资机构密集调研A股 关注消费与科技龙头",
    "中欧班列今年开行量突破五千列",
]

COMMENTS_CN = [
    ("深圳网友", "说得挺好，但是落实到地方还要看细则，去年也是这么说的。"),
    ("北京手机用户", "楼上说得对，关键还是执行。"),
    ("浙江杭州网友", "早该这样了，支持！"),
    ("上海网友", "这个数据和我身边的感受差距有点大啊"),
    ("广东广州网友", "小编能不能把原文链接贴一下？"),
    ("江苏南京网友", "希望能真正惠及普通老百姓，而不是只停留在文件上。"),
    ("四川成都网友", "看完了，感觉还是观望为主吧。"),
    ("湖北武汉网友", "已经是第三次看到类似的新闻了，期待后续报道。"),
    ("山东济南网友", "写得很清楚，收藏了。"),
    ("河南郑州手机用户", "这个政策对我们小地方有没有用啊？"),
    ("福建厦门网友", "有没有懂行的分析一下对房价的影响"),
    ("天津网友", "理性看待，不要盲目跟风。"),
]

HOT_TW = [
    "央行理監事會維持利率不變 房市管制再加碼",
    "颱風外圍環流影響 北部山區嚴防豪雨",
    "台積電法說會釋利多 外資連三買",
    "基本工資審議委員會今日召開 勞團盼調幅逾5%",
    "高鐵新增班次 連假期間加開逾百班",
    "港股恆指收升逾三百點 科技股造好",
    "衛福部：流感疫苗開打 長者接種率仍偏低",
    "房貸利率再升半碼 首購族壓力大增",
    "半導體出口創新高 外銷訂單連續成長",
    "北市公車票價調整方案出爐 下月起實施",
    "港府公布施政報告 推出多項惠民措施",
    "台股站上兩萬點 成交量放大",
    "電動車補助延長兩年 業者樂觀看待",
    "立法院三讀通過修法 強化食安管理",
]

COMMENTS_TW = [
    ("路人甲", "說得很清楚，感謝整理。"),
    ("台北讀者", "希望政府能真的聽到基層的聲音。"),
    ("高雄網友", "這種消息看過太多次了，實際效果還是要再觀察。"),
    ("香港讀者", "物價越來越貴，薪水卻不漲。"),
    ("新竹讀者", "有沒有人知道細節什麼時候公布？"),
]

TRAD_NAV = ["首頁", "即時", "要聞", "國際", "兩岸", "財經", "地方", "社會",
            "生活", "娛樂", "體育", "科技", "評論", "影音"]


def rng_for(aid):
    return random.Random(int(hashlib.md5(aid.encode()).hexdigest()[:8], 16))


def e(s):
    return html.escape(s, quote=True)


def gif():
    return ("data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///"
            "yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


# ---------------------------------------------------------------- articles

def read_articles():
    arts = []
    d = os.path.join(HERE, "articles")
    for name in sorted(os.listdir(d)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(d, name), encoding="utf-8") as f:
            text = f.read()
        for chunk in re.split(r"^@@ ", text, flags=re.M)[1:]:
            head, _, body = chunk.partition("\n---\n")
            lines = head.split("\n")
            a = {"id": lines[0].strip()}
            for ln in lines[1:]:
                if ":" in ln:
                    k, _, v = ln.partition(":")
                    a[k.strip()] = v.strip()
            a["blocks"] = [b.strip() for b in body.strip().split("\n") if b.strip()]
            arts.append(a)
    return arts


def truth_text(a):
    out = []
    for b in a["blocks"]:
        if b.startswith("## "):
            out.append(b[3:])
        elif b.startswith("[img:"):
            continue  # captions are not body text (nor in scrapinghub's truth)
        elif b.startswith("- "):
            out.append(b[2:])
        elif b.startswith("|"):
            out.append(" ".join(c.strip() for c in b.strip("|").split("|")))
        else:
            out.append(b)
    return "\n".join(out)


def body_html(a, style, r, imgbase):
    """The article's blocks as the site writes them."""
    out = []
    table = []
    n_img = 0

    def flush_table():
        if not table:
            return
        rows = []
        for i, row in enumerate(table):
            cells = [c.strip() for c in row.strip("|").split("|")]
            tag = "th" if i == 0 else "td"
            rows.append("<tr>" + "".join("<%s>%s</%s>" % (tag, e(c), tag)
                                         for c in cells) + "</tr>")
        out.append('<table border="1" cellspacing="0" cellpadding="4" '
                   'class="table">\n<tbody>' + "\n".join(rows) +
                   "</tbody>\n</table>")
        table.clear()

    lst = []

    def flush_list():
        if lst:
            out.append("<ul>" + "".join("<li>%s</li>" % e(x) for x in lst) +
                       "</ul>")
            lst.clear()

    for b in a["blocks"]:
        if not b.startswith("|"):
            flush_table()
        if not b.startswith("- "):
            flush_list()
        if b.startswith("## "):
            t = e(b[3:])
            if style in ("sina", "people", "trs"):
                out.append('<p><strong>%s</strong></p>' % t)
            elif style == "qq":
                out.append('<p class="one-p"><strong>%s</strong></p>' % t)
            else:
                out.append("<h2>%s</h2>" % t)
        elif b.startswith("[img:"):
            cap = e(b[5:-1].strip())
            n_img += 1
            src = "%s/%s_%d.jpg" % (imgbase, hashlib.md5(
                (a["id"] + str(n_img)).encode()).hexdigest()[:16], n_img)
            if style == "sina":
                out.append('<div class="img_wrapper"><img style="max-width:640px;" '
                           'src="%s" alt="%s"><span class="img_descr">%s</span></div>'
                           % (src, cap, cap))
            elif style == "qq":
                out.append('<p class="one-p"><img class="content-picture" src="%s"></p>'
                           '<p class="one-p" style="text-align:center">%s</p>'
                           % (src, cap))
            elif style == "ithome":
                out.append('<p class="ac"><img class="lazy" data-original="%s" '
                           'src="//img.ithome.com/images/v2.3/noimg.png" title="%s"'
                           ' w="600" h="400"></p><p class="ac">%s</p>'
                           % (src, cap, cap))
            elif style == "lazy":
                out.append('<figure><img src="%s" data-src="%s" class="lazyload" '
                           'alt=""><noscript><img src="%s"></noscript>'
                           '<figcaption>%s</figcaption></figure>'
                           % (gif(), src, src, cap))
            elif style in ("people", "trs", "xinhua"):
                out.append('<p style="text-align: center;"><img src="%s" '
                           'border="0"></p><p class="pictext" style="text-align: '
                           'center;">%s</p>' % (src, cap))
            else:
                out.append('<figure class="image"><img src="%s" alt="%s">'
                           '<figcaption>%s</figcaption></figure>' % (src, cap, cap))
        elif b.startswith("- "):
            lst.append(b[2:])
        elif b.startswith("|"):
            table.append(b)
        else:
            t = e(b)
            if style == "sina":
                out.append("<p>\u3000\u3000%s</p>" % t)
            elif style == "qq":
                out.append('<p class="one-p">%s</p>' % t)
            elif style == "people":
                out.append('<p style="text-indent: 2em;">%s</p>' % t)
            elif style == "trs":
                out.append('<p style="TEXT-INDENT: 2em; LINE-HEIGHT: 1.75">'
                           '\u3000\u3000%s</p>' % t)
            elif style == "thepaper":
                out.append("%s<br><br>" % t)
            else:
                out.append("<p>%s</p>" % t)
    flush_table()
    flush_list()
    return "\n".join(out)


def comments_html(r, trad=False, n=None, cls="comment"):
    pool = COMMENTS_TW if trad else COMMENTS_CN
    n = n if n is not None else r.randint(2, 5)
    words = ("分鐘前", "回覆", "讚") if trad else ("分钟前", "回复", "赞")
    items = []
    for who, txt in r.sample(pool, min(n, len(pool))):
        items.append('<li class="%s-item"><div class="%s-user"><a href="javascript:;">'
                     '%s</a><span class="time">%d%s</span></div><div class="%s-txt">'
                     '%s</div><div class="%s-op"><a href="javascript:;">%s</a> '
                     '<a href="javascript:;">%s(%d)</a></div></li>'
                     % (cls, cls, e(who), r.randint(2, 59), words[0], cls, e(txt),
                        cls, words[1], words[2], r.randint(0, 300)))
    return "\n".join(items)


def related(r, trad=False, n=6, base="", cls=""):
    pool = HOT_TW if trad else HOT_CN
    items = []
    for i, t in enumerate(r.sample(pool, n)):
        items.append('<li%s><a href="%s/%d.html" target="_blank">%s</a></li>' % (
            cls, base, r.randint(10**6, 10**7), e(t)))
    return "\n".join(items)


# ---------------------------------------------------------------- layouts

def head(a, enc_decl, title_suffix, extra=""):
    desc = truth_text(a).split("\n")[0][:90]
    return """<!DOCTYPE html>
<html lang="zh-CN">
<head>
%s<title>%s%s</title>
<meta name="keywords" content="%s">
<meta name="description" content="%s">
<meta property="og:type" content="news">
<meta property="og:title" content="%s">
<meta property="og:description" content="%s">
<meta name="viewport" content="width=device-width, initial-scale=1">
%s
</head>
""" % (enc_decl, e(a["title"]), title_suffix, e(a["title"][:12]), e(desc),
       e(a["title"]), e(desc), extra)


def decl(enc, mode):
    """The charset declaration of a page (mode: meta, http-equiv, none)."""
    if mode == "none":
        return ""
    if mode == "http-equiv":
        return '<meta http-equiv="Content-Type" content="text/html; charset=%s" />\n' % enc
    return '<meta charset="%s">\n' % enc


def page_sina(a, r, dm):
    chan = a.get("channel", "finance")
    names = {"finance": "新浪财经", "tech": "新浪科技", "news": "新浪新闻",
             "sports": "新浪体育"}
    cname = names.get(chan, "新浪网")
    body = body_html(a, "sina", r, "https://n.sinaimg.cn/%s/crawl/116/w550h366/%s"
                     % (chan, a["date"][:10].replace("-", "")))
    hot = related(r, n=8, base="https://%s.sina.com.cn/roll" % chan)
    rel = related(r, n=6, base="https://%s.sina.com.cn/china" % chan)
    return head(a, dm, "_%s_新浪网" % cname, """<link rel="stylesheet" href="//n.sinaimg.cn/%s/css/article.css">
<script src="//i.sso.sina.com.cn/js/ssologin.js"></script>
<script>var ARTICLE_DATA = {"channel":"%s","newsid":"%s","docid":"%s"};</script>""" % (
        chan, chan, a["id"], hashlib.md5(a["id"].encode()).hexdigest()[:12])) + """<body>
<div class="top-nav-wrap"><div class="top-nav"><div class="tn-bg"><div class="tn-header">
<a href="https://www.sina.com.cn/">新浪首页</a> <a href="https://news.sina.com.cn/">新闻</a>
<a href="https://sports.sina.com.cn/">体育</a> <a href="https://finance.sina.com.cn/">财经</a>
<a href="https://ent.sina.com.cn/">娱乐</a> <a href="https://tech.sina.com.cn/">科技</a>
<a href="https://blog.sina.com.cn/">博客</a> <a href="https://photo.sina.com.cn/">图片</a>
<a href="https://zhuanlan.sina.com.cn/">专栏</a> <a href="https://auto.sina.com.cn/">汽车</a>
<span class="tn-user"><a href="javascript:;">登录</a>|<a href="javascript:;">注册</a></span>
</div></div></div></div>
<div class="header"><a class="logo" href="https://%s.sina.com.cn/"><img src="//n.sinaimg.cn/%s/logo.png" alt="%s"></a>
<div class="nav"><a href="/">首页</a><a href="/stock/">股票</a><a href="/fund/">基金</a><a href="/money/">理财</a><a href="/roll/">滚动</a><a href="/china/">国内</a><a href="/world/">国际</a></div>
<div class="search"><form action="https://search.sina.com.cn/"><input type="text" name="q" placeholder="搜索"><button>搜索</button></form></div></div>
<div class="main-content w1240">
<h1 class="main-title">%s</h1>
<div class="top-bar-wrap"><div class="top-bar"><div class="date-source"><span class="date">%s</span>
<a href="javascript:;" class="source ent-source" rel="nofollow">%s</a></div>
<div class="tools"><a href="javascript:;" class="tool-btn">评论</a> <span class="num">%d</span>
<a href="javascript:;">大字</a> <a href="javascript:;">小字</a></div></div></div>
<div class="article-content clearfix">
<div class="article-content-left">
<div class="article" id="artibody" data-sudaclick="blk_content">
%s
<p class="article-editor">责任编辑：%s </p>
</div>
<div class="appendQr_wrap"><div class="appendQr_normal"><img src="//n.sinaimg.cn/%s/qr.png"><div class="appendQr_normal_txt">新浪财经公众号</div><p>24小时滚动播报最新的财经资讯和视频，更多粉丝福利扫描二维码关注（sinafinance）</p></div></div>
<div id="article-bottom"><div class="article-keywords">文章关键词：<a href="javascript:;">%s</a></div>
<div class="share"><span>分享到：</span><a href="javascript:;">微博</a><a href="javascript:;">微信</a><a href="javascript:;">QQ空间</a></div></div>
<div class="blk-related"><h3>相关阅读</h3><ul class="list">%s</ul></div>
<div class="sina-comment-wrap" id="sina-comment_list"><div class="hd">我要评论</div><textarea placeholder="我有话说"></textarea><ul class="comment-list">%s</ul><a href="javascript:;">查看全部评论</a></div>
</div>
<div class="article-content-right">
<div class="ad" id="ad_right_1"><a href="https://sax.sina.com.cn/click?type=2&amp;t=abc"><img src="//d1.sina.com.cn/pfpghc2/ad_300x250.jpg"></a><span class="ad-tag">广告</span></div>
<div class="hot-news"><h3>24小时热门</h3><ul>%s</ul></div>
<div class="ad"><p>开户即送新人福利，A股开户最高领1888元，立即领取</p></div>
</div></div></div>
<div class="footer"><p><a href="https://corp.sina.com.cn/chn/">新浪简介</a> | <a href="https://corp.sina.com.cn/eng/">About Sina</a> | <a href="https://emarketing.sina.com.cn/">广告服务</a> | <a href="https://www.sina.com.cn/contactus.html">联系我们</a> | <a href="https://career.sina.com.cn/">招聘信息</a> | <a href="https://www.sina.com.cn/intro/lawfirm.shtml">通行证注册</a> | <a href="https://help.sina.com.cn/">产品答疑</a></p>
<p>Copyright &copy; 1996-2024 SINA Corporation, All Rights Reserved</p><p>新浪公司 版权所有</p></div>
<script src="//n.sinaimg.cn/finance/js/article.min.js"></script>
<script>try{var uid=getCookie("SUP");}catch(e){}</script>
</body>
</html>
""" % (chan, chan, cname, e(a["title"]), e(a["date"].replace("-", "年", 1).replace("-", "月", 1).replace(" ", "日 ")),
       e(a.get("source", "新浪财经")), r.randint(3, 900), body, e(a.get("editor", "王涛")),
       chan, e(a["title"][:6]), rel, comments_html(r), hot)


def page_163(a, r, dm):
    old = a.get("variant") == "old"
    body = body_html(a, "plain", r, "https://nimg.ws.126.net/?url=http://dingyue.ws.126.net/2024/0312")
    hot = related(r, n=8, base="https://www.163.com/news/article")
    inner = '<div class="post_body">\n%s\n</div>' % body
    if old:
        inner = '<div id="endText" class="end-text">\n%s\n<div class="ep-source cDGray"><span class="left"> 本文来源：%s </span><span class="ep-editor">责任编辑：%s_NN%d</span></div>\n</div>' % (
            body, e(a.get("source", "网易新闻")), e(a.get("editor", "王晓")), r.randint(1000, 9999))
    else:
        inner += '\n<div class="post_statement"><span class="bg"></span><span class="bg"></span><p>特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，本平台仅提供信息存储服务。</p><p>Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of NetEase Hao, which is a social media platform and only provides information storage services.</p></div>'
    return head(a, dm, "_网易新闻", '<link rel="stylesheet" href="https://static.ws.126.net/163/f2e/news/post2020/css/main.css">') + """<body>
<div class="ns_area ne_wrap"><div class="N-nav-channel"><a href="https://www.163.com/">网易首页</a><a href="https://news.163.com/">新闻</a><a href="https://sports.163.com/">体育</a><a href="https://money.163.com/">财经</a><a href="https://ent.163.com/">娱乐</a><a href="https://tech.163.com/">科技</a><a href="https://auto.163.com/">汽车</a><a href="https://house.163.com/">房产</a><a href="https://edu.163.com/">教育</a><a href="https://game.163.com/">游戏</a></div></div>
<div class="post_crumb"><a href="https://www.163.com/">网易首页</a> &gt; <a href="https://news.163.com/">新闻中心</a> &gt; 正文</div>
<div class="container clearfix">
<div class="post_main">
<h1 class="post_title">%s</h1>
<div class="post_info">%s　来源: <a href="javascript:;">%s</a><a class="post_top_tie" href="javascript:;">跟贴 %d</a></div>
<div class="post_content" id="content">
%s
<div class="post_next_post"><a href="javascript:;">下一篇：%s</a></div>
</div>
<div class="post_share"><span>分享到：</span><a class="share_weixin" href="javascript:;">微信</a><a class="share_weibo" href="javascript:;">微博</a><a class="share_qzone" href="javascript:;">QQ空间</a><a class="share_lofter" href="javascript:;">LOFTER</a></div>
<div class="post_tie"><div class="tie-titlebar"><span>网易跟贴</span> <em>注册/登录</em></div><div class="tie-input"><textarea>说点什么吧</textarea></div><ul class="tie-list">%s</ul><div class="tie-more"><a href="javascript:;">查看全部跟贴</a></div><p class="tie-tips">跟贴 %d 参与 %d 人</p></div>
<div class="post_recommends"><h3>相关推荐</h3><ul>%s</ul></div>
</div>
<div class="post_side">
<div class="post_side_mod"><h2>热点新闻</h2><ul class="post_side_list">%s</ul></div>
<div class="post_side_ad"><a href="https://g.163.com/a?CID=1"><img src="https://nimg.ws.126.net/ad.jpg"></a><span>广告</span></div>
<div class="post_side_mod"><h2>网易号</h2><p>网易号是网易新闻为自媒体提供的内容创作平台，立即入驻，获取流量扶持。</p></div>
</div>
</div>
<div class="N-nav-bottom"><div class="ntes_foot_link"><a href="https://corp.163.com/">About NetEase</a> | <a href="https://gb.corp.163.com/gb/about/overview.html">公司简介</a> | <a href="https://gb.corp.163.com/gb/contactus.html">联系方法</a> | <a href="https://corp.163.com/gb/job/job.html">招聘信息</a> | <a href="https://help.163.com/">客户服务</a> | <a href="https://gb.corp.163.com/gb/legal.html">隐私政策</a></div>
<p>网易公司版权所有 &copy;1997-2024 浙公网安备 33010802003999号 粤B2-20090191</p></div>
<script src="https://static.ws.126.net/163/f2e/news/post2020/js/main.js"></script>
<script>var _ntes_nacc="news"; neteaseTracker();</script>
</body></html>
""" % (e(a["title"]), e(a["date"]), e(a.get("source", "网易新闻")), r.randint(10, 5000), inner,
       e(r.choice(HOT_CN)), comments_html(r, cls="tie"), r.randint(10, 900), r.randint(100, 9000),
       related(r, n=6, base="https://www.163.com/dy/article"), hot)


def page_qq(a, r, dm):
    old = a.get("variant") == "old"
    body = body_html(a, "qq" if not old else "plain", r, "https://inews.gtimg.com/om_bt")
    state = json.dumps({"article": {"id": a["id"], "title": a["title"],
                                     "content": truth_text(a)[:400]}},
                       ensure_ascii=False)
    if old:
        art = '<div id="Cnt-Main-Article-QQ" class="Cnt-Main-Article-QQ" bosszone="content">\n%s\n</div>' % body.replace("<p>", '<p class="text" style="TEXT-INDENT: 2em">')
    else:
        art = '<div class="content-article">\n%s\n</div>' % body
    return head(a, dm, "_腾讯新闻", '<script>window.DATA = %s;</script>' % state) + """<body>
<div class="qq-top"><div class="qq-nav"><a class="logo" href="https://www.qq.com/">腾讯网</a>
<a href="https://news.qq.com/">新闻</a><a href="https://new.qq.com/ch/finance/">财经</a><a href="https://new.qq.com/ch/tech/">科技</a><a href="https://new.qq.com/ch/ent/">娱乐</a><a href="https://sports.qq.com/">体育</a><a href="https://new.qq.com/ch/auto/">汽车</a><a href="https://new.qq.com/ch/house/">房产</a><a href="https://v.qq.com/">视频</a>
<span class="login">登录</span></div></div>
<div class="qq-main">
<div class="LEFT">
<h1>%s</h1>
<div class="article-info"><span class="author">%s</span> <span class="time">%s</span> <span class="source">发布于：%s</span></div>
%s
<div class="qq-share"><a href="javascript:;">微信</a><a href="javascript:;">QQ</a><a href="javascript:;">QQ空间</a><a href="javascript:;">微博</a><a href="javascript:;">复制链接</a></div>
<div class="qq-statement">免责声明：本内容来自腾讯平台创作者，不代表腾讯新闻或腾讯网的观点和立场。</div>
<div id="commentWrap"><h3>评论</h3><div class="input">文明上网理性发言，请遵守《新闻评论服务协议》</div><ul>%s</ul></div>
</div>
<div class="RIGHT"><div class="hotnews"><h3>24小时热文</h3><ul>%s</ul></div>
<div class="ad"><img src="https://inews.gtimg.com/ad.png"><p>腾讯视频VIP 限时5折，开通即享海量大片</p></div>
<div class="hotnews"><h3>相关推荐</h3><ul>%s</ul></div></div>
</div>
<div class="qq-footer"><p><a href="https://www.tencent.com/">关于腾讯</a> | <a href="https://www.tencent.com/legal">服务协议</a> | <a href="https://privacy.qq.com/">隐私政策</a> | <a href="https://kf.qq.com/">客服中心</a></p><p>Copyright &copy; 1998 - 2024 Tencent. All Rights Reserved</p><p>腾讯公司 版权所有</p></div>
<script src="https://mat1.gtimg.com/pingjs/ext2020/newom/build/static/js/main.js"></script>
</body></html>
""" % (e(a["title"]), e(a.get("author", "")), e(a["date"]), e(a.get("source", "腾讯新闻")), art,
       comments_html(r), related(r, n=8, base="https://new.qq.com/rain/a"),
       related(r, n=5, base="https://new.qq.com/rain/a"))


def page_ifeng(a, r, dm):
    body = body_html(a, "lazy", r, "https://x0.ifengimg.com/ucms/2024_11")
    return head(a, dm, "_凤凰网", '<script>var allData = {"docData":{"title":"%s","source":"%s"},"adData":{}};</script>' % (
        a["title"].replace('"', ""), a.get("source", ""))) + """<body>
<div class="index_header"><div class="index_logo"><a href="https://www.ifeng.com/">凤凰网</a></div>
<ul class="index_nav"><li><a href="https://news.ifeng.com/">资讯</a></li><li><a href="https://finance.ifeng.com/">财经</a></li><li><a href="https://tech.ifeng.com/">科技</a></li><li><a href="https://ent.ifeng.com/">娱乐</a></li><li><a href="https://sports.ifeng.com/">体育</a></li><li><a href="https://history.ifeng.com/">历史</a></li><li><a href="https://auto.ifeng.com/">汽车</a></li></ul></div>
<div class="index_breadcrumbs"><a href="https://www.ifeng.com/">凤凰网</a> &gt; <a href="https://finance.ifeng.com/">凤凰网财经</a> &gt; 正文</div>
<div class="index_artical">
<div class="index_leftContent">
<h1 class="index_topic">%s</h1>
<div class="index_info"><span class="index_time">%s</span> <span class="index_source">来自 <a href="javascript:;">%s</a></span></div>
<div id="main_content" class="index_main_content js_selection_area">
%s
</div>
<p class="index_editor">责任编辑：%s PN%d</p>
<div class="index_share"><span>分享：</span><a href="javascript:;">微信好友</a><a href="javascript:;">微博</a><a href="javascript:;">QQ空间</a></div>
<div class="index_report"><a href="javascript:;">举报</a></div>
<div class="index_related"><h3>相关新闻</h3><ul>%s</ul></div>
<div class="index_comment"><h3>评论</h3><p>已有<span>%d</span>人参与</p><ul>%s</ul></div>
</div>
<div class="index_rightContent"><div class="index_hot"><h3>热点资讯</h3><ul>%s</ul></div><div class="index_ad">广告 凤凰新闻客户端 下载</div></div>
</div>
<div class="index_footer"><p><a href="javascript:;">凤凰新媒体介绍</a> | <a href="javascript:;">投资者关系 Investor Relations</a> | <a href="javascript:;">广告服务</a> | <a href="javascript:;">诚征英才</a> | <a href="javascript:;">保护隐私权</a> | <a href="javascript:;">免责条款</a></p><p>Copyright &copy; 2024 Phoenix New Media Limited All Rights Reserved.</p></div>
<script src="https://x0.ifengimg.com/ucms/index.js"></script>
</body></html>
""" % (e(a["title"]), e(a["date"]), e(a.get("source", "凤凰网财经")), body, e(a.get("editor", "刘洋")),
       r.randint(100, 999), related(r, n=6, base="https://news.ifeng.com/c"), r.randint(10, 9999),
       comments_html(r), related(r, n=8, base="https://news.ifeng.com/c"))


def page_thepaper(a, r, dm):
    body = body_html(a, "plain", r, "https://imagecloud.thepaper.cn/thepaper/image/2024")
    return head(a, dm, "_澎湃新闻-The Paper", "") + """<body>
<div class="head_banner"><div class="logo"><a href="https://www.thepaper.cn/">澎湃新闻</a></div>
<div class="head_nav"><a href="https://www.thepaper.cn/">首页</a><a href="https://www.thepaper.cn/channel_25950">时事</a><a href="https://www.thepaper.cn/channel_25951">财经</a><a href="https://www.thepaper.cn/channel_36079">澎湃号</a><a href="https://www.thepaper.cn/channel_119908">科技</a><a href="https://www.thepaper.cn/channel_25952">思想</a><a href="https://www.thepaper.cn/channel_119489">智库</a><a href="https://www.thepaper.cn/channel_25953">生活</a></div>
<div class="head_search"><input placeholder="搜索"></div><div class="head_user">登录</div></div>
<div class="newscontent">
<h1 class="news_title">%s</h1>
<div class="news_about"><p>澎湃新闻记者 %s</p><p>%s <span>来源：%s</span></p></div>
<div class="news_txt" data-size="standard">
%s
</div>
<div class="news_editor">责任编辑：%s　图片编辑：%s</div>
<div class="news_editor">校对：%s</div>
<div class="copyright">澎湃新闻报料：021-962866</div><div class="copyright">澎湃新闻，未经授权不得转载</div>
<div class="news_keyword">#%s</div>
<div class="news_share"><a href="javascript:;">微博</a><a href="javascript:;">微信</a><a href="javascript:;">收藏</a><span>%d</span></div>
<div class="news_recommend"><h2>相关推荐</h2><ul>%s</ul></div>
<div class="comment_que"><h2>评论(%d)</h2><ul>%s</ul></div>
</div>
<div class="news_hotlist"><h2>热新闻</h2><ol>%s</ol></div>
<div class="foot"><p><a href="javascript:;">关于澎湃</a> <a href="javascript:;">加入澎湃</a> <a href="javascript:;">联系我们</a> <a href="javascript:;">广告合作</a> <a href="javascript:;">法律声明</a> <a href="javascript:;">隐私政策</a></p><p>沪ICP备14003370号 沪公网安备31010602000299号 互联网新闻信息服务许可证：31120170006</p><p>&copy; 2014-2024 上海东方报业有限公司</p></div>
<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"detailData":{"contId":%d,"name":"%s"}}}}</script>
</body></html>
""" % (e(a["title"]), e(a.get("author", "李明")), e(a["date"]), e(a.get("source", "澎湃新闻")), body,
       e(a.get("editor", "陈斌")), e(r.choice(["蒋立冬", "胡晓天", "王璐"])), e(r.choice(["丁晓", "施鋆", "刘威"])),
       e(a["title"][:6]), r.randint(1, 900), related(r, n=6, base="https://www.thepaper.cn/newsDetail_forward_"),
       r.randint(1, 300), comments_html(r), related(r, n=10, base="https://www.thepaper.cn/newsDetail_forward_"),
       r.randint(10**7, 3 * 10**7), a["title"].replace('"', ""))


def page_people(a, r, dm):
    old = a.get("variant") == "old"
    body = body_html(a, "people", r, "http://finance.people.com.cn/NMediaFile/2024/0312/MAIN")
    if old:
        art = '<div class="box_con" id="rwb_zw">\n%s\n<div class="edit clearfix">(责编：%s)</div>\n</div>' % (body, e(a.get("editor", "杨虞波罗、初梓瑞")))
    else:
        art = '<div class="rm_txt_con cf">\n%s\n<div class="edit cf">(责编：%s)</div>\n</div>' % (body, e(a.get("editor", "杨虞波罗、初梓瑞")))
    return head(a, dm, "--财经--人民网", "") + """<body>
<div class="header"><div class="w1200"><a href="http://www.people.com.cn/">人民网</a> &gt;&gt; <a href="http://finance.people.com.cn/">财经</a></div>
<div class="nav"><a href="http://www.people.com.cn/">首页</a>|<a href="http://politics.people.com.cn/">时政</a>|<a href="http://world.people.com.cn/">国际</a>|<a href="http://finance.people.com.cn/">经济</a>|<a href="http://society.people.com.cn/">社会</a>|<a href="http://culture.people.com.cn/">文化</a>|<a href="http://sports.people.com.cn/">体育</a>|<a href="http://edu.people.com.cn/">教育</a>|<a href="http://health.people.com.cn/">健康</a></div></div>
<div class="main">
<div class="col col-1 fl">
<div class="rm_txt">
<h3 class="pre"></h3>
<h1>%s</h1>
<div class="col-1-1 fl">%s | 来源：<a href="javascript:;">%s</a></div>
<div class="author cf">%s</div>
%s
</div>
<div class="share"><span>分享让更多人看到</span><a href="javascript:;">微信</a><a href="javascript:;">微博</a></div>
<div class="rm_relevant"><h2>相关新闻</h2><ul>%s</ul></div>
<div class="rm_ranking"><h2>推荐阅读</h2><ul>%s</ul></div>
</div>
<div class="col col-2 fr"><div class="ph_list"><h2>热点排行</h2><ol>%s</ol></div></div>
</div>
<div class="foot"><p>人民日报社概况 | 关于人民网 | 报社招聘 | 招聘英才 | 广告服务 | 合作加盟 | 供稿服务 | 网站声明 | 网站律师 | 信息保护 | 联系我们</p>
<p>人 民 网 股 份 有 限 公 司 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用</p><p>Copyright &copy; 1997-2024 by www.people.com.cn. all rights reserved</p></div>
<script src="http://www.people.com.cn/img/2020wbc/js/jquery.min.js"></script>
</body></html>
""" % (e(a["title"]), e(a["date"].replace("-", "年", 1).replace("-", "月", 1).replace(" ", "日")),
       e(a.get("source", "人民网－人民日报")), e(a.get("author", "")), art,
       related(r, n=5, base="http://finance.people.com.cn/n1/2024/0312"),
       related(r, n=6, base="http://finance.people.com.cn/n1/2024/0311"),
       related(r, n=10, base="http://finance.people.com.cn/n1/2024/0310"))


def page_xinhua(a, r, dm):
    body = body_html(a, "xinhua", r, "http://www.news.cn/fortune/2024-03/12/" )
    return head(a, dm, "-新华网", "") + """<body>
<div class="header-top"><a href="http://www.news.cn/">新华网</a> <a href="http://www.news.cn/politics/">时政</a> <a href="http://www.news.cn/local/">地方</a> <a href="http://www.news.cn/legal/">法治</a> <a href="http://www.news.cn/world/">国际</a> <a href="http://www.news.cn/fortune/">财经</a> <a href="http://www.news.cn/tech/">科技</a> <a href="http://www.news.cn/culture/">文化</a> <a href="http://www.news.cn/sports/">体育</a> <a href="http://www.news.cn/english/">English</a></div>
<div class="header"><div class="header-cont"><div class="source">%s <span class="year">%s</span> 来源：%s</div>
<div class="head-line"><h1><span class="title">%s</span></h1></div>
<div class="pageShare"><div class="setFont">字体：<span>小</span><span>中</span><span>大</span></div><div class="share"><span>分享到：</span><a href="javascript:;">微博</a><a href="javascript:;">微信</a></div></div></div></div>
<div class="main clearfix"><div class="main-left left">
<div id="detail"><span id="detailContent">
%s
</span></div>
<div id="articleEdit"><span class="tiyi1"><a href="javascript:;">【纠错】</a></span><span class="editor">【责任编辑:%s】</span></div>
<div class="relatedNews"><h3>相关新闻</h3><ul>%s</ul></div>
</div>
<div class="main-right right"><div class="columBox"><div class="col-tit">阅读下一篇</div><ul>%s</ul></div></div></div>
<div class="foot"><p>Copyright &copy; 2000-2024 XINHUANET.com All Rights Reserved.</p><p>制作单位：新华网股份有限公司</p><p>版权所有 新华网股份有限公司</p></div>
<script src="http://www.news.cn/detail2020/js/detail.js"></script>
</body></html>
""" % (e(a["date"][5:]), e(a["date"][:4]), e(a.get("source", "新华网")), e(a["title"]), body,
       e(a.get("editor", "薛涛")), related(r, n=5, base="http://www.news.cn/fortune/2024-03"),
       related(r, n=6, base="http://www.news.cn/2024-03"))


def page_caixin(a, r, dm):
    body = body_html(a, "plain", r, "https://img.caixin.com/2024-03-12")
    return head(a, dm, "_财新网_财新网", "") + """<body>
<div class="topNav"><a href="https://www.caixin.com/">财新网</a> <a href="https://economy.caixin.com/">经济</a> <a href="https://finance.caixin.com/">金融</a> <a href="https://companies.caixin.com/">公司</a> <a href="https://china.caixin.com/">政经</a> <a href="https://international.caixin.com/">世界</a> <a href="https://opinion.caixin.com/">观点</a> <a href="https://www.caixin.com/datanews/">数据</a>
<span class="loginBox"><a href="javascript:;">登录</a> <a href="javascript:;">订阅</a></span></div>
<div class="comMain"><div class="conlf">
<div id="the_content" class="article">
<h1>%s</h1>
<div class="artInfo">%s <span class="source">来源于 《财新周刊》</span> <span class="author">文｜财新 %s</span></div>
<div class="subhead"><strong>导读</strong></div>
<div id="Main_Content_Val" class="text">
%s
</div>
<div class="pip"><p>（责任编辑：%s）</p></div>
<div class="cxmediaText">版面编辑：%s</div>
</div>
<div class="cx-paywall" style="display:none"><p>财新通订阅用户可阅读全文。订阅财新通，畅享财新网全部内容，首月仅需1元。</p><a href="javascript:;">立即订阅</a></div>
<div class="moreReport"><h4>更多报道</h4><ul>%s</ul></div>
<div class="commentbox"><h4>评论</h4><ul>%s</ul></div>
</div>
<div class="conri"><div class="hotRank"><h4>热门排行</h4><ul>%s</ul></div><div class="ad">财新数据通 一站式金融数据终端 免费试用</div></div></div>
<div class="footer"><p>京ICP证090880号 京ICP备10026701号-8 | 京公网安备11010502034662号</p><p>Copyright 财新网 All Rights Reserved 版权所有 复制必究</p></div>
<script>var entity = {"id": %d, "channel": 123};</script>
</body></html>
""" % (e(a["title"]), e(a["date"]), e(a.get("author", "记者 王力")), body, e(a.get("editor", "郑国华")),
       e(r.choice(["包云红", "刘潇", "邓梅"])), related(r, n=6, base="https://economy.caixin.com/2024-03-11"),
       comments_html(r, n=2), related(r, n=8, base="https://www.caixin.com/2024-03-10"),
       r.randint(10**8, 2 * 10**8))


def page_36kr(a, r, dm):
    body = body_html(a, "plain", r, "https://img.36krcdn.com/hsossms/20240312")
    state = json.dumps({"articleDetail": {"articleDetailData": {"code": 0, "data": {
        "itemId": r.randint(10**9, 3 * 10**9), "widgetTitle": a["title"],
        "author": a.get("author", ""), "widgetContent": body[:1500]}}}},
        ensure_ascii=False).replace("</", "<\\/")
    return head(a, dm, "-36氪", "") + """<body><div id="app"><div class="kr-layout">
<div class="kr-header"><a class="kr-header-logo" href="https://36kr.com/">36氪</a>
<ul class="kr-header-nav"><li><a href="/information/web_news/">最新</a></li><li><a href="/information/technology/">科技</a></li><li><a href="/information/happy_life/">消费</a></li><li><a href="/information/innovate/">创投</a></li><li><a href="/information/travel/">汽车</a></li><li><a href="/information/web_zhichang/">职场</a></li><li><a href="/information/enterpriseservice/">企服</a></li></ul>
<div class="kr-header-right"><a href="javascript:;">寻求报道</a> <a href="javascript:;">登录</a></div></div>
<div class="article-detail-wrapper-box"><div class="kr-layout-main">
<div class="article-wrapper">
<h1 class="article-title margin-bottom-20 common-width">%s</h1>
<div class="article-title-icon common-width margin-bottom-40"><a class="title-icon-item item-a" href="javascript:;">%s</a><span class="title-icon-item item-time">·%s</span><span class="title-icon-item item-read">阅读 %d</span></div>
<div class="summary">%s</div>
<div class="common-width content articleDetailContent kr-rich-text-wrapper">
%s
</div>
<div class="article-footer-txt"><p>本文来自微信公众号“%s”，作者：%s，36氪经授权发布。</p><p>该文观点仅代表作者本人，36氪平台仅提供信息存储空间服务。</p></div>
<div class="kr-article-tags"><a href="javascript:;">%s</a></div>
<div class="kr-article-share"><span>分享至</span><a href="javascript:;">微信</a><a href="javascript:;">微博</a><a href="javascript:;">链接</a></div>
<div class="kr-comment"><h3>评论</h3><div class="kr-comment-empty">暂无评论，快来抢沙发吧</div></div>
<div class="kr-related"><h3>下一篇</h3><ul>%s</ul></div>
</div></div>
<div class="kr-layout-sidebar"><div class="hot-list"><h3>36氪热榜</h3><ul>%s</ul></div><div class="kr-ad">36氪企服点评 一站式企业服务选型平台</div></div></div>
<div class="kr-footer"><p><a href="javascript:;">关于36氪</a> <a href="javascript:;">城市合作</a> <a href="javascript:;">寻求报道</a> <a href="javascript:;">我要入驻</a> <a href="javascript:;">投资者关系</a></p><p>&copy; 2011~2024 北京多氪信息科技有限公司 | 京ICP备12031756号-6 | 京ICP证150143号</p></div>
</div></div>
<script>window.initialState=%s</script>
<script src="https://static.36krcdn.com/36kr-web/static/app.js"></script>
</body></html>
""" % (e(a["title"]), e(a.get("author", "36氪")), e(a["date"][:10]), r.randint(1000, 90000),
       e(a.get("summary", a["title"])), body, e(a.get("source", "36氪")), e(a.get("author", "")),
       e(a["title"][:4]), related(r, n=4, base="https://36kr.com/p"), related(r, n=10, base="https://36kr.com/p"),
       state)


def page_chinanews(a, r, dm):
    body = body_html(a, "plain", r, "https://i2.chinanews.com.cn/simg/cmshd/2024/03/12")
    return head(a, dm, "-中新网", "") + """<body>
<div class="top_nav"><a href="https://www.chinanews.com.cn/">中新网首页</a> | <a href="https://www.chinanews.com.cn/china/">国内</a> | <a href="https://www.chinanews.com.cn/world/">国际</a> | <a href="https://www.chinanews.com.cn/society/">社会</a> | <a href="https://www.chinanews.com.cn/finance/">财经</a> | <a href="https://www.chinanews.com.cn/cul/">文娱</a> | <a href="https://www.chinanews.com.cn/sports/">体育</a> | <a href="https://www.chinanews.com.cn/gn/">时政</a></div>
<div id="nav">当前位置：<a href="https://www.chinanews.com.cn/">首页</a>→ <a href="https://www.chinanews.com.cn/cj/">财经</a></div>
<div class="con_left">
<div class="content">
<h1 class="content_left_title">%s</h1>
<div class="left-t">%s　来源：<a href="javascript:;">%s</a>　<a class="share" href="javascript:;">参与互动</a></div>
<div class="left_zw" style="position:relative">
%s
<div class="adEditor"><div class="left_name"><div class="left_name">【编辑:%s】</div></div></div>
</div>
<div class="share_block">分享到：<a href="javascript:;">微信</a> <a href="javascript:;">微博</a></div>
<div class="zw_more"><h3>更多精彩内容请进入</h3><a href="https://www.chinanews.com.cn/cj/">财经频道</a></div>
<div class="xwzxdd"><h3>新闻精选</h3><ul>%s</ul></div>
</div></div>
<div class="con_right"><div class="rank"><h3>排行榜</h3><ul>%s</ul></div></div>
<div id="bottom"><p>关于我们 | About us | 联系我们 | 广告服务 | 供稿服务 | 法律声明 | 招聘信息 | 网站地图</p><p>本网站所刊载信息，不代表中新社和中新网观点。 刊用本网站稿件，务经书面授权。</p><p>未经授权禁止转载、摘编、复制及建立镜像，违者将依法追究法律责任。</p><p>Copyright &copy;1999-2024 chinanews.com. All Rights Reserved</p></div>
</body></html>
""" % (e(a["title"]), e(a["date"].replace("-", "年", 1).replace("-", "月", 1).replace(" ", "日 ")),
       e(a.get("source", "中国新闻网")), body, e(a.get("editor", "付子豪")),
       related(r, n=8, base="https://www.chinanews.com.cn/gn/2024/03-12"),
       related(r, n=10, base="https://www.chinanews.com.cn/cj/2024/03-12"))


def page_ithome(a, r, dm):
    body = body_html(a, "ithome", r, "https://img.ithome.com/newsuploadfiles/2024/3")
    return head(a, dm, " - IT之家", "") + """<body>
<div id="nav"><div class="nav_con"><a class="logo" href="https://www.ithome.com/">IT之家</a><ul><li><a href="https://it.ithome.com/">业界</a></li><li><a href="https://mobile.ithome.com/">手机</a></li><li><a href="https://digi.ithome.com/">数码</a></li><li><a href="https://next.ithome.com/">科技</a></li><li><a href="https://win.ithome.com/">Win11</a></li><li><a href="https://soft.ithome.com/">软件</a></li><li><a href="https://lapin.ithome.com/">辣品</a></li></ul></div></div>
<div id="wrapper"><div class="content fl">
<div class="post_title"><h1>%s</h1></div>
<div class="cv"><span id="pubtime_baidu">%s</span><span id="source_baidu">来源：<a href="javascript:;">%s</a></span><span id="author_baidu">作者：<strong>%s</strong></span><span id="editor_baidu">责编：<strong>%s</strong></span><span>评论：<span id="commentcount">%d</span></span></div>
<div class="post_content" id="paragraph">
%s
<p class="ad-tips" style="color:#888">广告声明：文内含有的对外跳转链接（包括不限于超链接、二维码、口令等形式），用于传递更多信息，节省甄选时间，结果仅供参考，IT之家所有文章均包含本声明。</p>
</div>
<div class="tags">相关文章关键词：<a href="javascript:;">%s</a></div>
<div class="related_post"><h3>相关文章</h3><ul>%s</ul></div>
<div id="post_comm"><h3>软媒旗下网站：IT之家 最会买 - 返利返现优惠券 iPhone之家 Win7之家 Win10之家 Win11之家</h3><h3>软媒旗下软件：软媒手机APP应用 魔方 最会买 要知</h3></div>
<div class="comment"><h3>发表评论</h3><ul>%s</ul></div>
</div>
<div class="sidebar fr"><div class="hot"><h3>日榜</h3><ul>%s</ul></div><div class="lapin"><h3>辣品推荐</h3><p>京东 小米充电宝 20000mAh 券后 89 元</p><p>天猫 罗技 M330 静音鼠标 券后 99 元</p></div></div></div>
<div id="footer"><p>IT之家，软媒旗下科技门户网站 - 爱科技，爱这里。</p><p>Copyright &copy; RuanMei.com, All Rights Reserved. 青岛软媒网络科技有限公司版权所有</p></div>
<script src="https://img.ithome.com/m/js/jquery.lazyload.min.js"></script><script>$("img.lazy").lazyload();</script>
</body></html>
""" % (e(a["title"]), e(a["date"]), e(a.get("source", "IT之家")), e(a.get("author", "问舟")),
       e(a.get("editor", "汪淼")), r.randint(1, 999), body, e(a["title"][:4]),
       related(r, n=6, base="https://www.ithome.com/0/760"), comments_html(r),
       related(r, n=10, base="https://www.ithome.com/0/761"))


def page_sohu(a, r, dm):
    body = body_html(a, "plain", r, "https://p3.itc.cn/q_70/images03/20240312")
    return head(a, dm, "_搜狐网", '<meta name="mediaid" content="%s">' % e(a.get("source", "搜狐号"))) + """<body>
<header id="main-header"><div class="area"><div class="head-nav"><ul><li><a href="https://www.sohu.com/">搜狐首页</a></li><li><a href="https://news.sohu.com/">新闻</a></li><li><a href="https://sports.sohu.com/">体育</a></li><li><a href="https://auto.sohu.com/">汽车</a></li><li><a href="https://house.focus.cn/">房产</a></li><li><a href="https://travel.sohu.com/">旅游</a></li><li><a href="https://learning.sohu.com/">教育</a></li><li><a href="https://fashion.sohu.com/">时尚</a></li><li><a href="https://it.sohu.com/">科技</a></li><li><a href="https://business.sohu.com/">财经</a></li></ul></div></div></header>
<div class="location area"><a href="https://www.sohu.com/">首页</a> &gt; <a href="https://business.sohu.com/">财经</a> &gt; 正文</div>
<div class="area clearfix" id="article-container">
<div class="left main"><div class="text">
<div class="text-title"><h1>%s <span class="article-tag"></span></h1>
<div class="article-info"><span class="time" id="news-time">%s</span><span data-role="original-link">来源: <a href="javascript:;">%s</a></span></div></div>
<article class="article" id="mp-editor">
%s
<p><a href="//www.sohu.com/?strategyid=00001 " target="_blank" title="点击进入搜狐首页" id="backsohucom" style="white-space: nowrap;"><span class="backword"><i class="backsohu"></i>返回搜狐，查看更多</span></a></p>
<p data-role="editor-name">责任编辑：<span></span></p>
</article>
<div id="articleAllsee"><a href="javascript:;">平台声明：该文观点仅代表作者本人，搜狐号系信息发布平台，搜狐仅提供信息存储空间服务。</a></div>
<div class="statement"><span>阅读 (%d)</span></div>
</div>
<div class="god-article-bottom"><h3>推荐阅读</h3><ul>%s</ul></div>
<div id="comment_area"><h3>评论</h3><ul>%s</ul></div>
</div>
<div class="sidebar right"><div class="user-info"><h4>%s</h4><p>文章 %d 总阅读 %d万</p><a href="javascript:;">查看TA的文章&gt;</a></div><div class="hot-article"><h4>24小时热文</h4><ul>%s</ul></div></div>
</div>
<footer><p>Copyright &copy; 2024 Sohu All Rights Reserved. 搜狐公司 版权所有</p><p><a href="javascript:;">搜狐不良信息举报电话：010-62728061</a></p></footer>
</body></html>
""" % (e(a["title"]), e(a["date"]), e(a.get("source", "搜狐号")), body, r.randint(100, 90000),
       related(r, n=8, base="https://www.sohu.com/a"), comments_html(r), e(a.get("source", "搜狐号")),
       r.randint(10, 9000), r.randint(10, 9999), related(r, n=8, base="https://www.sohu.com/a"))


def page_trs(a, r, dm):
    """A local news or government site on the TRS CMS (many are GBK)."""
    body = body_html(a, "trs", r, "./W020240312")
    site = a.get("sitename", "城市新闻网")
    return head(a, dm, "_%s" % site, "") + """<body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td class="top_bg"><a href="/">%s</a></td></tr>
<tr><td class="nav"><a href="/">首页</a> | <a href="/xw/">本地新闻</a> | <a href="/gn/">国内新闻</a> | <a href="/sh/">社会</a> | <a href="/jj/">经济</a> | <a href="/wt/">文体</a> | <a href="/zt/">专题</a> | <a href="/sp/">视频</a> | <a href="/pl/">评论</a></td></tr></table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="700" valign="top">
<div class="dqwz">您当前的位置：<a href="/">首页</a> &gt; <a href="/xw/">本地新闻</a> &gt; 正文</div>
<div class="title_main">%s</div>
<div class="sj">发布时间：%s　　来源：%s　　作者：%s　　【字体：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>】</div>
<div class="TRS_Editor"><style type="text/css">.TRS_Editor P{margin-top:0px;margin-bottom:12px;line-height:1.75;font-size:12pt;}</style>
%s
</div>
<div class="bj">【责任编辑：%s】</div>
<div class="dy"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="xgxw"><b>相关新闻：</b><ul>%s</ul></div>
</td>
<td width="280" valign="top" class="right"><div class="rdtj"><b>热点推荐</b><ul>%s</ul></div><div class="ad"><img src="/images/ad_gongyi.jpg" alt="公益广告"></div></td>
</tr></table>
<table width="1000" align="center" class="foot"><tr><td>主办：%s　版权所有　未经授权禁止复制或建立镜像<br>备案号：ICP备05012345号　联系电话：0571-87654321</td></tr></table>
</body></html>
""" % (e(site), e(a["title"]), e(a["date"]), e(a.get("source", site)), e(a.get("author", "本网记者")),
       body, e(a.get("editor", "陈静")), related(r, n=5, base="/xw/202403/t20240312"),
       related(r, n=8, base="/xw/202403/t20240311"), e(site))


def page_tw(a, r, dm):
    """A Taiwan or Hong Kong news site (traditional characters, Big5)."""
    body = body_html(a, "plain", r, "https://img.%s/news/2024/03/12" % a.get("host", "news.example.tw"))
    site = a.get("sitename", "即時新聞網")
    nav = "".join('<li><a href="/%d">%s</a></li>' % (i, x) for i, x in enumerate(TRAD_NAV))
    return head(a, dm, " - %s" % site, "").replace('lang="zh-CN"', 'lang="zh-TW"') + """<body>
<div id="header"><div class="logo"><a href="/">%s</a></div><ul class="mainnav">%s</ul><div class="search"><input type="text" value="搜尋"></div></div>
<div class="breadcrumb"><a href="/">首頁</a> &gt; <a href="/list">%s</a> &gt; 內文</div>
<div id="container"><div id="story_body">
<h1 class="story_art_title">%s</h1>
<div class="story_bady_info"><span class="time">%s</span> <span class="author">%s／%s</span></div>
<div class="shareBar"><a href="javascript:;">Facebook</a> <a href="javascript:;">LINE</a> <a href="javascript:;">Twitter</a> <a href="javascript:;">列印</a></div>
<div id="story_body_content" class="text boxTitle">
%s
</div>
<p class="story_editor">（責任編輯：%s）</p>
<div class="keyword">關鍵字：<a href="javascript:;">%s</a></div>
<div class="moreNews"><h3>延伸閱讀</h3><ul>%s</ul></div>
<div class="fb-comments"><h3>讀者回應</h3><ul>%s</ul></div>
</div>
<div id="sidebar"><div class="ranking"><h3>熱門新聞</h3><ol>%s</ol></div><div class="adBox">廣告 訂閱電子報 每日新聞精選 立即訂閱</div></div></div>
<div id="footer"><p>關於我們 | 隱私權政策 | 著作權聲明 | 廣告刊登 | 聯絡我們</p><p>&copy; 2024 %s 版權所有 不得轉載</p></div>
<script src="/js/main.js"></script>
</body></html>
""" % (e(site), nav, e(a.get("section", "財經")), e(a["title"]), e(a["date"]), e(site),
       e(a.get("author", "記者")), body, e(a.get("editor", "陳怡君")), e(a["title"][:4]),
       related(r, trad=True, n=5, base="/news"), comments_html(r, trad=True),
       related(r, trad=True, n=8, base="/news"), e(site))


def page_blog(a, r, dm):
    """A generic WordPress-like blog or self-media page (no site rule)."""
    body = body_html(a, "lazy", r, "https://%s/wp-content/uploads/2024/03" % a.get("host", "blog.example.cn"))
    site = a.get("sitename", "科技观察")
    return head(a, dm, " | %s" % site, '<link rel="stylesheet" href="/wp-content/themes/twentytwenty/style.css">') + """<body class="post-template-default single single-post">
<header id="site-header"><div class="header-inner"><div class="site-title"><a href="/">%s</a></div><div class="site-description">关注科技、商业与生活</div>
<nav class="primary-menu-wrapper"><ul class="primary-menu"><li><a href="/">首页</a></li><li><a href="/category/tech/">科技</a></li><li><a href="/category/business/">商业</a></li><li><a href="/category/life/">生活</a></li><li><a href="/about/">关于</a></li></ul></nav></div></header>
<main id="site-content" role="main">
<article class="post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">%s</h1>
<div class="post-meta-wrapper"><ul class="post-meta"><li class="post-author">作者：<a href="/author/admin/">%s</a></li><li class="post-date"><time datetime="%s">%s</time></li><li class="post-comment-link"><a href="#comments">%d条评论</a></li></ul></div></header>
<div class="post-inner"><div class="entry-content">
%s
</div></div>
<div class="post-meta-wrapper post-meta-single-bottom"><ul class="post-meta"><li class="post-tags">标签：<a href="/tag/a/">%s</a></li></ul></div>
<div class="author-bio"><h2 class="author-title">关于作者 %s</h2><div class="author-description"><p>长期关注互联网与消费电子行业，曾在多家媒体任职。</p></div></div>
<nav class="pagination-single"><a class="previous-post" href="/p/%d.html">上一篇：%s</a><a class="next-post" href="/p/%d.html">下一篇：%s</a></nav>
<div class="comments-wrapper" id="comments"><h2 class="comment-reply-title">%d条评论</h2><ol class="comment-list">%s</ol>
<div id="respond"><h3>发表回复</h3><p class="comment-notes">您的电子邮箱地址不会被公开。必填项已用 * 标注</p><textarea></textarea><input type="submit" value="发表评论"></div></div>
</article>
<aside class="widget-area"><section class="widget"><h2>最新文章</h2><ul>%s</ul></section><section class="widget"><h2>归档</h2><ul><li><a href="/2024/03/">2024年3月</a></li><li><a href="/2024/02/">2024年2月</a></li><li><a href="/2024/01/">2024年1月</a></li></ul></section></aside>
</main>
<footer id="site-footer"><p>&copy; 2024 %s · 由 WordPress 强力驱动 · <a href="https://beian.miit.gov.cn/">京ICP备2021000000号-1</a></p></footer>
<script src="/wp-includes/js/wp-embed.min.js"></script>
</body></html>
""" % (e(site), e(a["title"]), e(a.get("author", "admin")), e(a["date"][:10]), e(a["date"][:10]),
       r.randint(0, 40), body, e(a["title"][:4]), e(a.get("author", "admin")), r.randint(100, 999),
       e(r.choice(HOT_CN)), r.randint(100, 999), e(r.choice(HOT_CN)), r.randint(2, 6),
       comments_html(r), related(r, n=6, base="/p"), e(site))


LAYOUTS = {
    "sina": page_sina, "163": page_163, "qq": page_qq, "ifeng": page_ifeng,
    "thepaper": page_thepaper, "people": page_people, "xinhua": page_xinhua,
    "caixin": page_caixin, "36kr": page_36kr, "chinanews": page_chinanews,
    "ithome": page_ithome, "sohu": page_sohu, "trs": page_trs, "tw": page_tw,
    "blog": page_blog,
}

# enc field: CHARSET[/MODE], MODE meta (default), http-equiv, none, late
# (declared in a <meta http-equiv> after 2 KB of head).


def encode_page(htmltext, enc_field):
    charset, _, mode = enc_field.partition("/")
    mode = mode or "meta"
    pycodec = {"utf-8": "utf-8", "gbk": "gbk", "gb2312": "gbk",
               "gb18030": "gb18030", "big5": "big5"}[charset.lower()]
    return htmltext.encode(pycodec, errors="xmlcharrefreplace"), charset, mode


def build(a):
    r = rng_for(a["id"])
    charset, _, mode = a.get("enc", "utf-8").partition("/")
    mode = mode or "meta"
    dm = decl(charset, "http-equiv" if mode == "late" else mode)
    if mode == "late":
        dm = ""
    page = LAYOUTS[a["site"]](a, r, dm)
    if mode == "late":
        # Two KB and more of head before the declaration: styles, scripts.
        filler = "<style>\n" + "".join(
            ".c%d{margin:%dpx %dpx;padding:0 %dpx;color:#%06x}\n"
            % (i, i % 7, i % 11, i % 5, (i * 2654435761) & 0xffffff)
            for i in range(80)) + "</style>\n"
        page = page.replace("<title>", filler + decl(charset, "http-equiv") + "<title>", 1)
    data, _, _ = encode_page(page, a.get("enc", "utf-8"))
    if charset.lower() != "utf-8":
        # The page must not decode as UTF-8 (else it tests nothing).
        try:
            data.decode("utf-8")
            sys.exit("%s: %s page decodes as UTF-8" % (a["id"], charset))
        except UnicodeDecodeError:
            pass
    return data


def main():
    arts = read_articles()
    out = os.path.join(HERE, "pages")
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if name.endswith(".html.gz"):
            os.unlink(os.path.join(out, name))
    truth = {}
    seen = set()
    for a in arts:
        if a["id"] in seen:
            sys.exit("duplicate id " + a["id"])
        seen.add(a["id"])
        data = build(a)
        with gzip.GzipFile(os.path.join(out, a["id"] + ".html.gz"), "wb",
                           mtime=0) as f:
            f.write(data)
        truth[a["id"]] = {"articleBody": truth_text(a), "url": a["url"]}
    with open(os.path.join(HERE, "ground-truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    encs = {}
    for a in arts:
        encs[a.get("enc", "utf-8")] = encs.get(a.get("enc", "utf-8"), 0) + 1
    print("%d pages: %s" % (len(arts), ", ".join("%s %d" % kv for kv in sorted(encs.items()))))


if __name__ == "__main__":
    main()
