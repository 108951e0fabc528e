// loket staff dashboard, unanswered questions (role editor): grouped by meaning per language;
// a group becomes examples of an intent (chosen with a searchable list, the nearest one offered
// as a button) after staff saw the what-if of that change; or a draft of a new intent; or is set aside
// for every staff member, with an undo. The YAML export puts each question under its own language.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var say = loketStaff.t;
  var names = new Intl.DisplayNames([loketStaff.lang], { type: 'language' });
  var number = new Intl.NumberFormat(loketStaff.locale);
  var byTitle = {}, titles = {}, proposal = null, reload = null;

  function el(tag, text, attrs) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  // Handled or not the municipality's business: off the list, for everyone.
  function setAside(group) {
    return loketStaff.api('POST', 'unanswered:ignore', { lang: group.lang, texts: group.members || group.examples });
  }
  // Said after "Negeren", with a button that puts the group back on the list.
  function saySetAside(group) {
    var status = $('unanswered-status');
    status.textContent = say('“{question}” staat niet meer in de lijst.', { question: group.text }) + ' ';
    var undo = el('button', say('Ongedaan maken'), { type: 'button', class: 'quiet' });
    undo.addEventListener('click', function () {
      undo.disabled = true;
      loketStaff.api('POST', 'unanswered:unignore', { lang: group.lang, texts: group.members || group.examples })
        .then(function () {
          status.textContent = say('“{question}” staat weer in de lijst.', { question: group.text });
          if (reload) reload();
        }).catch(function (e) { status.textContent = e.message; });
    });
    status.appendChild(undo);
    undo.focus();
  }
  function slug(text) {
    return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '').split('-').slice(0, 5).join('-') || 'nieuw-onderwerp';
  }

  function yamlDraft(group) {
    var lines = ['intents:', '  - id: ' + slug(group.text), '    title:', '      ' + group.lang + ': ' + JSON.stringify(group.text),
      '    examples:', '      ' + group.lang + ':'];
    group.examples.forEach(function (x) { lines.push('        - ' + JSON.stringify(x)); });
    lines.push('    answer:', '      ' + group.lang + ': "…"   # ' + say('het antwoord voor inwoners; met “…” weigert loket het bestand'));
    return lines.join('\n');
  }

  // A refusal in the page's words, with the content problems that caused it (file:line) listed.
  function sayRefusal(e) {
    var status = $('unanswered-status');
    var problems = (e.body && e.body.problems) || [];
    status.textContent = /^not applied: the content on disk has problems/.test(e.message)
      ? say('Niet doorgevoerd: een ander inhoudsbestand heeft fouten. Verbeter die eerst (in het bestand, of vraag de beheerder); de voorbeelden zijn niet toegevoegd.')
      : e.message;
    if (!problems.length) return;
    var list = el('ul');
    problems.slice(0, 20).forEach(function (p) { list.appendChild(el('li', p)); });
    status.appendChild(list);
  }

  function propose(group, input, apply) {
    var intent = byTitle[input.value] || input.value;
    if (!titles[intent]) { $('unanswered-status').textContent = say('Kies een onderwerp uit de lijst.'); input.focus(); return; }
    var examples = {};
    examples[group.lang] = group.examples;
    $('unanswered-status').textContent = say(apply ? 'Bezig met doorvoeren…' : 'loket rekent uit wat er verandert…');
    loketStaff.api('POST', 'content:add-examples', { intent: intent, examples: examples, apply: apply }).then(function (r) {
      if (apply) {
        $('proposal').hidden = true;
        $('unanswered-status').textContent = say('{n} voorbeeld(en) toegevoegd aan “{intent}” ({file}). De nieuwe inhoud is in gebruik.',
          { n: number.format(r.added), intent: titles[intent], file: r.file });
        setAside(group).then(function () { if (reload) reload(); });
        return;
      }
      proposal = { group: group, input: input };
      var w = r.what_if;
      $('proposal-title').textContent = say('Voorbeelden toevoegen aan “{intent}”', { intent: titles[intent] });
      $('proposal-summary').textContent = say('{n} nieuw(e) voorbeeld(en). Van {questions} eerder gestelde vragen en testgesprekken krijgen er {changed} een ander antwoord:',
        { n: number.format(r.added), questions: number.format(w.questions), changed: number.format(w.changed_count) });
      $('proposal-changes').textContent = '';
      w.changed.slice(0, 20).forEach(function (c) {
        $('proposal-changes').appendChild(el('li', '“' + c.question + '”: ' + (titles[c.before] || c.before || say('niet begrepen')) +
          ' → ' + (titles[c.after] || c.after || say('niet begrepen'))));
      });
      // A test conversation it would break: said in red, and the change cannot be made here.
      var failing = w.failing_tests || [];
      $('proposal-failing').textContent = '';
      failing.forEach(function (f) {
        $('proposal-failing').appendChild(el('li', '“' + f.name + '” (' + f.where + '): ' + f.problem));
      });
      $('proposal-breaks-summary').textContent = say('Dit laat {n} testgesprek(ken) mislukken. Voeg de vragen toe aan een ander onderwerp, of laat de inhoud of de test aanpassen.',
        { n: number.format(failing.length) });
      $('proposal-breaks').hidden = !failing.length;
      $('proposal-apply').disabled = failing.length > 0;
      $('unanswered-status').textContent = '';
      $('proposal').hidden = false;
      $('proposal').focus();
    }).catch(function (e) {
      // A refused change is not offered again as it stands; the focus goes back to its row.
      $('proposal').hidden = true;
      proposal = null;
      sayRefusal(e);
      input.focus();
    });
  }

  $('proposal-apply').addEventListener('click', function () {
    if (proposal) propose(proposal.group, proposal.input, true);
  });
  $('proposal-cancel').addEventListener('click', function () {
    $('proposal').hidden = true;
    if (proposal) proposal.input.focus();
    proposal = null;
  });

  // Draws the groups; returns the table's header and rows for its CSV.
  function show(stats, onChange) {
    reload = onChange;
    byTitle = {}; titles = {};
    $('intent-titles').textContent = '';
    stats.intents.forEach(function (i) {
      byTitle[i.title] = i.id;
      titles[i.id] = i.title;
      $('intent-titles').appendChild(el('option', undefined, { value: i.title }));
    });
    var groups = stats.unanswered;
    var t = $('unanswered');
    t.textContent = '';
    var head = el('tr');
    ['vraag (en gelijksoortige)', 'taal', 'aantal', 'wat ermee te doen'].forEach(function (h) { head.appendChild(el('th', say(h))); });
    t.appendChild(head);
    groups.forEach(function (g, i) {
      var tr = el('tr');
      tr.appendChild(el('td', g.examples.join(' · ')));
      tr.appendChild(el('td', names.of(g.lang)));
      tr.appendChild(el('td', number.format(g.times)));
      var actions = el('td', undefined, { class: 'actions' });
      var input = el('input', undefined, { list: 'intent-titles', id: 'intent-for-' + i,
        'aria-label': say('Onderwerp voor “{question}”', { question: g.text }), placeholder: say('zoek een onderwerp') });
      // The topic the questions came nearest to is offered, not filled in: it is often far off
      // ("bibliotheek" near homelessness), and two clicks would make it an example.
      var near = null;
      if (g.nearest && titles[g.nearest]) {
        near = el('button', say('Dichtstbij: {title}', { title: titles[g.nearest] }), { type: 'button', class: 'quiet near' });
        near.addEventListener('click', function () {
          input.value = titles[g.nearest];
          input.focus();
        });
      }
      var add = el('button', say('Voeg toe als voorbeeld'), { type: 'button' });
      add.disabled = !stats.additions;
      if (!stats.additions) add.title = say('Geen aanvullingenbestand ingesteld (additions in loket.yaml)');
      add.addEventListener('click', function () { propose(g, input, false); });
      var draft = el('button', say('Nieuw onderwerp'), { type: 'button', class: 'quiet' });
      draft.addEventListener('click', function () {
        $('yaml').textContent = yamlDraft(g);
        $('yaml').hidden = false;
        $('yaml').focus();
      });
      var ignore = el('button', say('Negeren'), { type: 'button', class: 'quiet' });
      ignore.addEventListener('click', function () {
        // Off the table and out of the export at once, before the statistics come back.
        setAside(g).then(function () {
          tr.remove();
          if (groups.indexOf(g) >= 0) groups.splice(groups.indexOf(g), 1);
          saySetAside(g);
          if (reload) reload();
        })
          .catch(function (e) { $('unanswered-status').textContent = e.message; });
      });
      [input, near, add, draft, ignore].forEach(function (e) { if (e) actions.appendChild(e); });
      tr.appendChild(actions);
      t.appendChild(tr);
    });
    if (!groups.length) { var none = el('tr'); none.appendChild(el('td', say('Nog niets in deze periode.'))); t.appendChild(none); }
    loketStaff.cards(t);
    $('export').onclick = function () {
      // Each question under its own language, to paste under an intent's examples.
      var perLang = {};
      groups.forEach(function (g) { (perLang[g.lang] = perLang[g.lang] || []).push.apply(perLang[g.lang], g.examples); });
      var lines = ['examples:'];
      Object.keys(perLang).sort().forEach(function (l) {
        lines.push('  ' + l + ':');
        perLang[l].forEach(function (x) { lines.push('    - ' + JSON.stringify(x)); });
      });
      $('yaml').textContent = lines.join('\n');
      $('yaml').hidden = false;
    };
    return { header: ['vraag (en gelijksoortige)', 'taal', 'aantal'],
      rows: groups.map(function (g) { return [g.examples.join(' · '), g.lang, number.format(g.times)]; }) };
  }

  window.loketUnanswered = { show: show };
}());
