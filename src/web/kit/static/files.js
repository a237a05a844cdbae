// File inputs: a file over the per-file limit, or files that together exceed what one sending can
// carry, are refused in the browser with the same message the server would give, before megabytes
// are sent over a slow connection. The limits and messages come from the form's data-* attributes
// (web/form.h SetFileLimits); a button marked data-files-optional (skip, back) leaves the
// over-large files behind instead. The page is complete without this script: the server then
// answers with the field's error or the "too large" page.
(function () {
  'use strict';
  document.querySelectorAll('form[data-file-max]').forEach(function (form) {
    var fileMax = Number(form.getAttribute('data-file-max'));
    var bodyMax = Number(form.getAttribute('data-body-max'));
    var inputs = form.querySelectorAll('input[type=file]');

    function show(input, message) {
      var id = (input.id || input.name) + '-size-error';
      var old = document.getElementById(id);
      if (old) old.remove();
      input.setCustomValidity(message);
      if (!message) {
        input.removeAttribute('aria-invalid');
        return;
      }
      var span = document.createElement('span');
      span.className = 'field-error';
      span.id = id;
      span.setAttribute('role', 'alert');
      span.textContent = message;
      input.parentNode.insertBefore(span, input);
      input.setAttribute('aria-invalid', 'true');
    }

    function checkOne(input) {
      for (var i = 0; i < input.files.length; i++) {
        var f = input.files[i];
        if (f.size > fileMax) {
          show(input, form.getAttribute('data-file-msg').replace('{name}', f.name));
          return false;
        }
      }
      show(input, '');
      return true;
    }

    inputs.forEach(function (input) {
      input.addEventListener('change', function () { checkOne(input); });
    });

    form.addEventListener('submit', function (event) {
      var total = 0;
      var bad = null;
      var last = null;
      inputs.forEach(function (input) {
        if (!checkOne(input) && !bad) bad = input;
        for (var i = 0; i < input.files.length; i++) total += input.files[i].size;
        if (input.files.length) last = input;
      });
      if (!bad && last && total > bodyMax) {
        show(last, form.getAttribute('data-body-msg'));
        bad = last;
      }
      if (!bad) return;
      var submitter = event.submitter;
      if (submitter && submitter.hasAttribute('data-files-optional')) {
        // Skip or go back: leave the over-large files behind instead of stopping.
        inputs.forEach(function (input) {
          if (input.validationMessage) input.disabled = true;
        });
        return;
      }
      event.preventDefault();
      bad.focus();
    });
  });
})();
