// gen.mjs SITE N — writes N posts with varied Chinese, English and mixed
// text (fixed PRNG) under SITE/source/_posts/, plus SITE/posts.json: each
// post's slug, fields and top category, for check.mjs's brute-force scan.
import fs from 'node:fs';
import path from 'node:path';

const [site, nArg] = process.argv.slice(2);
const N = Number(nArg || 300);
let seed = 12345;
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
const pick = (a) => a[rnd(a.length)];

export const zh = ['互联网', '数字经济', '国际合作', '人工智能', '新能源', '汽车', '市场', '银行', '利率', '央行',
  '芯片', '半导体', '出口', '消费', '政策', '发展', '世界', '大会', '组织', '平台', '科技', '创新', '网络',
  '安全', '数据', '云计算', '电池', '港口', '航运', '物流', '股市', '基金', '投资', '增长', '联网', '互联',
  '东京', '首尔', 'ひらがな', 'カタカナ', '한국어', '경제', '中国', '美国', '欧洲', '合作', '会议', '报告',
  '气候', '能源', '电力', '网', '国', '人', '经济', '研究', '大学', '学生', '医疗', '健康'];
export const en = ['harbour', 'internet', 'economy', 'digital', 'market', 'bank', 'rate', 'chip', 'energy',
  'port', 'shipping', 'growth', 'policy', 'China', 'Europe', 'Rotterdam', 'cloud', 'data', 'AI', 'GPU',
  'startup', 'fund', 'Straße', 'café', 'ＡＢＣ１２３', 'abc123', 'COVID-19', '5G', 'iPhone', 'OpenAI',
  'the', 'of', 'and', 'news', 'report', 'summit', 'climate', 'power', 'battery', 'trade'];
const cats = [['金融', '银行'], ['金融', '股市'], ['科技', '芯片'], ['科技'], ['World', 'Europe'], ['体育']];
const seps = ['，', '。', '、', ' ', '：', '；', '！', '（', '）', ', ', '. ', '「', '」'];

function sentence() {
  let s = '';
  const k = 4 + rnd(10);
  for (let i = 0; i < k; i++) {
    const r = rnd(10);
    if (r < 6) s += pick(zh);
    else if (r < 9) s += (s && !/\s$/.test(s) ? ' ' : '') + pick(en) + ' ';
    else s += pick(seps);
  }
  return s.trim() + pick(['。', '.', '！', '']);
}
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

fs.mkdirSync(path.join(site, 'source/_posts'), { recursive: true });
const posts = [];
for (let i = 0; i < N; i++) {
  const slug = 'p' + String(i).padStart(4, '0');
  const title = i === 0 ? '互联。联网 test' : i === 1 ? 'AI芯片 and 5G news' : sentence().slice(0, 40);
  const cat = pick(cats);
  const paras = [];
  const np = 2 + rnd(4);
  for (let p = 0; p < np; p++) {
    let t = '';
    const ns = 1 + rnd(3);
    for (let k = 0; k < ns; k++) t += sentence();
    paras.push(t);
  }
  if (i === 2) paras.push('A & B < C: 互联网大会 in Rotterdam');
  const author = pick(['Robot', '新华社', 'Jane Doe', '']);
  const day = 1 + (i % 28), month = 1 + (Math.floor(i / 28) % 12), year = 2021 + Math.floor(i / 336);
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')} ` +
    `${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
  const fm = ['---', `title: ${JSON.stringify(title)}`, 'categories:',
    ...cat.map((c) => ` - ${JSON.stringify(c)}`), ...(author ? [`author: ${JSON.stringify(author)}`] : []),
    `date: ${date}`, '---', '', paras.map((p) => `<p>${esc(p)}</p>`).join('\n'), ''];
  fs.writeFileSync(path.join(site, 'source/_posts', slug + '.md'), fm.join('\n'));
  posts.push({ slug, title, cats: cat.join(' / '), author, body: paras.join(' '), top: cat[0] });
}
fs.writeFileSync(path.join(site, 'posts.json'), JSON.stringify(posts));
