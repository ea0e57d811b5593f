/* newsmill default theme: the shared sidebar (sidebar.html, the same for
   every page, so that pages do not change when posts arrive) is fetched
   into the aside; the menu button shows the sidebar on narrow screens; a
   thumbnail that fails to load is removed. */
(function () {
  var b = document.querySelector('.menu'), s = document.getElementById('side');
  var src = s && s.getAttribute('data-src');
  if (src && window.fetch && window.DOMParser) fetch(src).then(function (r) {
    return r.ok ? r.text() : '';
  }).then(function (t) {
    var d = new DOMParser().parseFromString(t, 'text/html').getElementById('side');
    if (d) s.innerHTML = d.innerHTML;
  }).catch(function () {});
  if (b && s) b.addEventListener('click', function () {
    var open = s.classList.toggle('open');
    b.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open) s.scrollIntoView();
  });
  document.querySelectorAll('.thumb img').forEach(function (i) {
    i.addEventListener('error', function () {
      var a = i.parentNode; a.parentNode.classList.add('noimg'); a.remove();
    });
  });
})();
