/* newsmill default theme: the menu button shows the sidebar on narrow
   screens; a thumbnail that fails to load is removed. No network. */
(function () {
  var b = document.querySelector('.menu'), s = document.getElementById('side');
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
