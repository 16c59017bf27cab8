/* graphkit explorer: the "Copy embed" button (the snippet stays selectable without it). */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    var button = buttons[i];
    button.hidden = false;
    button.addEventListener("click", function (event) {
      var pressed = event.currentTarget;
      var target = document.getElementById(pressed.getAttribute("data-copy"));
      if (!target) { return; }
      target.focus();
      target.select();
      var done = function () { pressed.textContent = "Copied"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(target.value).then(done, function () {});
      }
    });
  }
})();
