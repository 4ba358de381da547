// Sends each dashboard form once: a double click on "Send" would start a second push.
(function () {
  var forms = document.querySelectorAll('form[method="post"]');
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener('submit', function (event) {
      if (form.getAttribute('data-sent') === '1') {
        event.preventDefault();
        return;
      }
      form.setAttribute('data-sent', '1');
      // The submission under way goes on; the buttons only show that it does.
      Array.prototype.forEach.call(form.querySelectorAll('button'), function (button) {
        button.disabled = true;
      });
    });
  });
  // Coming back with the browser's back button restores the page as it was left.
  window.addEventListener('pageshow', function () {
    Array.prototype.forEach.call(forms, function (form) {
      form.removeAttribute('data-sent');
      Array.prototype.forEach.call(form.querySelectorAll('button'), function (button) {
        button.disabled = false;
      });
    });
  });
})();
