/*
 * builtin.c — newsmill's own site rules, in the FiveFilters format.
 *
 * Small rules for the big Chinese news sites (and a few English ones)
 * whose article container is stable and well known: each names the
 * container by id or class and strips what sits inside it but is not the
 * article (QR codes, app promotions, editor boxes, share bars). They are
 * read by rules.c exactly as a user's file would be, and a user's file of
 * the same name replaces them. The general extractor handles every other
 * site, and these sites too when their markup changes (a body: that
 * matches nothing falls through to it).
 */
#include "internal.h"

const builtin_rule extract_builtin_rules[] = {
    {".sina.com.cn.txt",
     "# Sina: finance, tech, news, sports, ent … share the #artibody container\n"
     "title: //h1[@class='main-title']\n"
     "title: //h1[@id='artibodyTitle']\n"
     "body: //div[@id='artibody']\n"
     "body: //div[@class='article']\n"
     "date: //span[@class='date']\n"
     "date: //span[@id='pub_date']\n"
     "author: //a[@class='source']\n"
     "strip: //div[contains(@class,'app-kaihu-qr')]\n"
     "strip: //div[contains(@class,'appendQr_wrap')]\n"
     "strip_id_or_class: show_author\n"
     "strip_id_or_class: ct_hqimg\n"
     "strip_id_or_class: hqimg_related\n"
     "prune: no\n"
     "test_url: https://finance.sina.com.cn/stock/relnews/cn/2020-08-31/doc-iivhvpwy3979123.shtml\n"},
    {".163.com.txt",
     "# NetEase 163\n"
     "title: //h1[@class='post_title']\n"
     "body: //div[@class='post_body']\n"
     "body: //div[@id='endText']\n"
     "date: //div[@class='post_info']/text()[1]\n"
     "strip_id_or_class: post_btmshare\n"
     "strip_id_or_class: ep-source\n"
     "strip_id_or_class: post_top_tie\n"
     "prune: no\n"
     "test_url: https://www.163.com/news/article/HF2N5H0O0001899O.html\n"},
    {".qq.com.txt",
     "# Tencent news (new.qq.com, news.qq.com)\n"
     "title: //div[contains(@class,'content-article')]/preceding::h1[1]\n"
     "body: //div[contains(@class,'content-article')]\n"
     "body: //div[@id='Cnt-Main-Article-QQ']\n"
     "strip_id_or_class: videoPlayer\n"
     "prune: no\n"
     "test_url: https://new.qq.com/rain/a/20230101A00001\n"},
    {".ifeng.com.txt",
     "# Phoenix (ifeng)\n"
     "body: //div[contains(@class,'main_content')]\n"
     "body: //div[@id='main_content']\n"
     "body: //div[@id='artical_real']\n"
     "strip_id_or_class: image-share\n"
     "prune: no\n"
     "test_url: https://news.ifeng.com/c/8LgLh1H8cVh\n"},
    {".thepaper.cn.txt",
     "# The Paper\n"
     "body: //div[contains(@class,'index_cententWrap')]\n"
     "body: //div[contains(@class,'news_txt')]\n"
     "title: //h1\n"
     "prune: no\n"
     "test_url: https://www.thepaper.cn/newsDetail_forward_21000000\n"},
    {".people.com.cn.txt",
     "# People's Daily online\n"
     "title: //div[contains(@class,'rm_txt')]//h1\n"
     "body: //div[contains(@class,'rm_txt_con')]\n"
     "body: //div[@id='rwb_zw']\n"
     "body: //div[contains(@class,'box_con')]\n"
     "strip_id_or_class: edit\n"
     "strip_id_or_class: paper_num\n"
     "prune: no\n"
     "test_url: http://politics.people.com.cn/n1/2023/0101/c1001-32597000.html\n"},
    {".news.cn.txt",
     "# Xinhua (news.cn)\n"
     "title: //span[@class='title']\n"
     "body: //div[@id='detail']\n"
     "strip_id_or_class: editor\n"
     "prune: no\n"
     "test_url: http://www.news.cn/politics/2023-01/01/c_1129250000.htm\n"},
    {".xinhuanet.com.txt",
     "# Xinhua (xinhuanet.com)\n"
     "body: //div[@id='detail']\n"
     "body: //div[@id='p-detail']\n"
     "strip_id_or_class: editor\n"
     "prune: no\n"
     "test_url: http://www.xinhuanet.com/politics/2019-01/01/c_1123930000.htm\n"},
    {".chinanews.com.cn.txt",
     "# China News Service\n"
     "body: //div[@class='left_zw']\n"
     "strip_id_or_class: adEditor\n"
     "strip_id_or_class: left_name\n"
     "prune: no\n"
     "test_url: https://www.chinanews.com.cn/gn/2023/01-01/9925000.shtml\n"},
    {".caixin.com.txt",
     "# Caixin\n"
     "body: //div[@id='Main_Content_Val']\n"
     "prune: no\n"
     "test_url: https://www.caixin.com/2023-01-01/101984000.html\n"},
    {"36kr.com.txt",
     "# 36Kr\n"
     "body: //div[contains(@class,'articleDetailContent')]\n"
     "prune: no\n"
     "test_url: https://36kr.com/p/2000000000000000\n"},
    {".ithome.com.txt",
     "# IT之家\n"
     "body: //div[@id='paragraph']\n"
     "strip_id_or_class: tougao-user\n"
     "prune: no\n"
     "test_url: https://www.ithome.com/0/660/000.htm\n"},
    {".apnews.com.txt",
     "# Associated Press\n"
     "body: //div[contains(@class,'RichTextStoryBody')]\n"
     "strip_id_or_class: Advertisement\n"
     "test_url: https://apnews.com/article/0000\n"},
};

const size_t extract_builtin_count = sizeof(extract_builtin_rules) / sizeof(extract_builtin_rules[0]);
