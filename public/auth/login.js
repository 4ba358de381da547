// Sends the form once: a double tap would post twice, and the second post would find the
// login request already used and show "this link can no longer be used" over the success page.
(function () {
  var form = document.querySelector('.login-form');
  if (!form) return;
  var button = form.querySelector('button[type="submit"]');
  if (!button) return;
  form.addEventListener('submit', function (event) {
    if (button.disabled) {
      event.preventDefault();
      return;
    }
    // The submission already under way goes on; only further clicks and Enter keys are stopped.
    button.disabled = true;
  });
  // Coming back with the browser's back button restores the page as it was left.
  window.addEventListener('pageshow', function () {
    button.disabled = false;
  });
})();
