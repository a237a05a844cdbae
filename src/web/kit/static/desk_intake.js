// Counter intake: shows only the applicant section of the chosen kind (person or organisation)
// and the representative's section only when someone files under an authorisation. The page is
// complete without this script: then every section shows and the server reads the ones that apply.
(function () {
  'use strict';
  var form = document.querySelector('form.intake');
  if (!form) return;
  var rep = form.querySelector('#has_rep');
  function update() {
    var checked = form.querySelector('input[name=applicant_kind]:checked');
    var kind = checked ? checked.value : 'person';
    form.querySelectorAll('[data-kind]').forEach(function (s) {
      s.hidden = s.getAttribute('data-kind') !== kind;
    });
    var section = form.querySelector('[data-rep]');
    if (section && rep) section.hidden = !rep.checked;
  }
  form.addEventListener('change', update);
  update();
})();
