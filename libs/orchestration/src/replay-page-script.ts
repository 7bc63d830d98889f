/**
 * The replay page's own script (plain ES2019, inlined into the page). It reads the events from
 * the `arena-events` JSON block and builds the page with `textContent` only, so no game text is
 * ever parsed as markup. Kept free of `</script` and `<!--` so it cannot end its own element.
 */
export const REPLAY_PAGE_SCRIPT = String.raw`(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var events = JSON.parse($('arena-events').textContent);
  var PALETTE = ['#2563eb', '#dc2626', '#059669', '#9333ea', '#ea580c', '#0891b2', '#b45309',
    '#db2777', '#4f46e5', '#65a30d'];
  var DIMENSIONS = ['novelty', 'builds_on_others', 'solves_subproblem', 'radical_idea', 'manipulation'];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function put(parent, parts) {
    parts.forEach(function (part) { add(parent, typeof part === 'string' ? el('span', null, part) : part); });
    return parent;
  }
  function spaced(value) { return String(value).replace(/_/g, ' '); }
  function fixed(n, digits) { return Number(n).toFixed(digits === undefined ? 3 : digits); }
  function anchorOf(id) { return String(id).toLowerCase(); }

  var created = events[0];
  var spec = created.payload.spec;
  var players = {};
  var order = [];
  spec.seats.forEach(function (seat, i) {
    players[seat.playerId] = { name: seat.profile.name, color: PALETTE[i % PALETTE.length] };
    order.push(seat.playerId);
  });
  function who(id) { var p = players[id]; return p ? p.name + ' (' + id + ')' : String(id); }
  function paint(node, id) { if (players[id]) node.style.color = players[id].color; return node; }
  function link(id) {
    var a = el('a', 'cite', id);
    if (/^M\d+$/.test(id)) a.href = '#' + anchorOf(id);
    return a;
  }

  function header() {
    var facts = $('facts');
    [['Game', created.gameId], ['Scenario', spec.scenario.id], ['Seed', spec.seed], ['Mode', spec.mode],
      ['Turn policy', spec.policy], ['Max turns', spec.maxTurns],
      ['Judge', spec.officials.judge.join(', ')], ['Narrator', spec.officials.narrator]
    ].forEach(function (fact) { add(facts, el('dt', null, fact[0])); add(facts, el('dd', null, fact[1])); });
    spec.seats.forEach(function (seat) {
      var li = add($('seats'), el('li'));
      paint(add(li, el('b', null, seat.profile.name)), seat.playerId);
      add(li, el('span', 'dim', ' ' + seat.playerId + ' · ' + seat.model));
    });
    $('problem').textContent = spec.scenario.problem;
    spec.scenario.subProblems.forEach(function (sp) {
      put(add($('subproblems'), el('li')), [el('b', null, sp.title), ': ' + sp.description]);
    });
  }

  var transcript = $('transcript');
  var items = [];
  var messages = {};
  var proposals = {};
  var accusers = {};
  var points = {};
  order.forEach(function (id) { points[id] = 0; });
  var series = [{ step: 0, turn: 0, points: copy(points) }];
  var totals = { calls: 0, failed: 0, input: 0, output: 0, cost: 0, latency: 0 };
  var turn = 0;
  var round = 1;
  var lastCheck = null;
  var ended = null;

  function copy(o) { var c = {}; Object.keys(o).forEach(function (k) { c[k] = o[k]; }); return c; }
  function item(node) { items.push(node); add(transcript, node); return node; }
  function note(cls, parts) { return item(put(el('p', 'note ' + cls), parts)); }
  function record() { series.push({ step: items.length, turn: turn, points: copy(points) }); }
  function message(id, colourOf, cls, label) {
    var box = el('article', 'msg ' + cls);
    box.id = anchorOf(id);
    if (players[colourOf]) box.style.borderLeftColor = players[colourOf].color;
    var head = add(box, el('header'));
    add(head, el('span', 'mid', id));
    paint(add(head, el('span', 'who', label)), colourOf);
    messages[id] = box;
    return item(box);
  }
  function text(box, value) { return add(box, el('p', 'text', value)); }

  var on = {
    turn_started: function (p) { turn = p.turn; round = p.round; },
    speaker_selected: function (p) {
      var node = item(el('div', 'turn'));
      add(node, el('span', null, 'Turn ' + p.turn + ' · round ' + round + ' — '));
      paint(add(node, el('b', null, who(p.playerId))), p.playerId);
      var why = add(node, el('div', 'spoiler hidden-note', 'Turn policy (' + p.policy + '): ' + p.reasoning));
      (p.bids || []).forEach(function (b) {
        add(why, el('div', 'bid', 'bid by ' + who(b.playerId) + ': ' + fixed(b.urgency, 2) + ' — ' + b.reason));
      });
    },
    contribution_proposed: function (p) { proposals[p.turn + ':' + p.attempt] = p.text; },
    contribution_rejected: function (p) {
      var why = p.reason === 'repeat'
        ? (p.repeatsMessageId ? ['as a repeat of ', link(p.repeatsMessageId)] : ['as a repeat'])
          .concat([' (similarity ' + fixed(p.similarity, 2) + ')'])
        : ['as too short'];
      var node = note('gate', ['Gate: attempt ' + p.attempt + ' by ' + who(p.playerId) + ' rejected '].concat(why));
      var more = add(node, el('details'));
      add(more, el('summary', null, 'feedback'));
      add(more, el('p', null, p.feedback));
      var proposed = proposals[p.turn + ':' + p.attempt];
      if (proposed !== undefined) add(more, el('blockquote', null, proposed));
    },
    contribution_accepted: function (p) {
      var box = message(p.messageId, p.playerId, 'contribution', who(p.playerId));
      text(box, p.text);
      if (p.cites.length > 0) {
        var cites = add(box, el('p', 'cites', 'builds on '));
        p.cites.forEach(function (id, i) { put(cites, i > 0 ? [', ', link(id)] : [link(id)]); });
      }
    },
    turn_forfeited: function (p) {
      note('forfeit', [who(p.playerId) + ' forfeits the turn (' + spaced(p.reason) + '): ' + p.detail]);
    },
    contribution_scored: function (p) {
      points[p.playerId] = (points[p.playerId] || 0) + p.points;
      record();
      var box = messages[p.messageId];
      if (!box) return;
      var more = add(box, el('details', 'spoiler score'));
      add(more, el('summary', null, (p.points >= 0 ? '+' : '') + fixed(p.points) + ' points · ' + p.phase +
        ' phase · judge ' + p.judge));
      var table = add(more, el('table'));
      DIMENSIONS.forEach(function (d) {
        var row = add(table, el('tr'));
        add(row, el('th', null, spaced(d)));
        add(row, el('td', 'num', fixed(p.scores[d], 2)));
        add(row, el('td', 'num', '× ' + fixed(p.weights[d], 2)));
        add(row, el('td', null, p.rationales[d]));
      });
      p.detectorHits.forEach(function (hit) {
        add(more, el('p', 'dim', 'detector ' + spaced(hit.detector) + ': “' + hit.quote + '” — ' + hit.detail));
      });
    },
    accusation_filed: function (p) {
      accusers[p.accusationId] = p.accuserId;
      var box = message(p.messageId, p.accuserId, 'accusation',
        who(p.accuserId) + ' accuses ' + who(p.accusedId) + ' of ' + spaced(p.kind));
      text(box, p.claim);
      add(box, el('p', 'dim', 'accusation ' + p.accusationId + ' · confidence ' + fixed(p.confidence, 2)));
      var list = add(box, el('ul', 'evidence'));
      p.evidence.forEach(function (ev) { put(add(list, el('li')), [link(ev.messageId), ': “' + ev.quote + '”']); });
    },
    evidence_checked: function (p) {
      var node = note(p.valid ? 'check' : 'check bad',
        [p.valid ? 'Evidence check: every quote is in the record.' : 'Evidence check: the evidence does not hold.']);
      p.findings.forEach(function (f) {
        if (!f.found) put(add(node, el('span', 'finding')), [link(f.messageId), ': ' + f.reason]);
      });
    },
    defence_given: function (p) {
      text(message(p.messageId, p.playerId, 'defence', who(p.playerId) + ' — defence against ' + p.accusationId), p.text);
    },
    verdict_reached: function (p) {
      var box = message(p.messageId, null, 'verdict judge', 'Judge — accusation ' + p.accusationId + ' is ' + spaced(p.verdict));
      text(box, p.reasoning);
      var factor = p.accuserPenaltyFactor;
      add(box, el('p', 'dim', 'confidence ' + fixed(p.confidence, 2) +
        (factor === null ? '' : ' · the accuser’s points × ' + fixed(factor, 2))));
      var accuser = accusers[p.accusationId];
      if (factor !== null && accuser !== undefined) {
        points[accuser] = points[accuser] - Math.abs(points[accuser]) * (1 - factor);
        record();
      }
    },
    player_eliminated: function (p) {
      var cause = p.cause === 'lowest_standing'
        ? 'lowest standing, ' + fixed(p.standing) + ', round ' + p.round : 'proven accusation';
      text(message(p.messageId, p.playerId, 'elimination judge',
        'Judge — ' + who(p.playerId) + ' is eliminated (' + cause + ')'), p.reasoning);
    },
    final_words: function (p) {
      text(message(p.messageId, p.playerId, 'final', who(p.playerId) + ' — final words'), p.text);
    },
    narrator_line: function (p) {
      text(message(p.messageId, null, 'narrator', 'Narrator · ' + p.trigger), p.text);
    },
    phase_changed: function (p) { note('phase', ['The game enters its ' + p.to + ' phase.']); },
    problem_checked: function (p) {
      lastCheck = p;
      if (!p.solved) return;
      var node = note('solved', ['The judge rules the problem solved (round ' + p.round + ').']);
      add(node, el('span', 'spoiler hidden-note', p.reasoning));
    },
    round_ended: function (p) {
      var node = note('round', ['End of round ' + p.round + '.']);
      if (lastCheck && lastCheck.round === p.round && !lastCheck.solved) {
        add(node, el('span', 'spoiler hidden-note', 'Round check: ' + lastCheck.reasoning));
      }
    },
    champion_memory_updated: function (p) {
      var node = note('champion spoiler', ['Champion memory: ' + who(p.playerId) + ' ' + p.outcome + ' — ' +
        p.characterId + ' now records ' + p.record.games + ' game(s), ' + p.record.wins + ' win(s).']);
      p.lessons.forEach(function (lesson) { add(node, el('span', 'hidden-note', lesson)); });
    },
    call_failed: function (p) {
      note('failed', [(p.playerId ? who(p.playerId) : 'The ' + p.role) + ' (' + p.model + ') gave no usable ' +
        spaced(p.purpose) + ': ' + p.detail]);
    },
    model_call: function (p) {
      totals.calls += 1;
      totals.failed += p.error ? 1 : 0;
      totals.input += p.usage.inputTokens;
      totals.output += p.usage.outputTokens;
      totals.cost += p.costUsd;
      totals.latency += p.latencyMs;
    },
    game_ended: function (p) {
      ended = p;
      var node = item(el('section', 'ended'));
      add(node, el('h2', null, 'Game over: ' + spaced(p.reason)));
      add(node, el('p', null, p.detail + (p.abortCause ? ' (' + spaced(p.abortCause) + ')' : '')));
      add(node, el('p', null, p.winnerId ? 'Winner: ' + who(p.winnerId) : 'No winner.'));
      var table = add(node, el('table', 'standings'));
      put(add(table, el('tr')), [el('th', null, 'Place'), el('th', null, 'Player'), el('th', null, 'Status'),
        el('th', null, 'Standing'), el('th', null, 'Points'), el('th', null, 'Turns')]);
      p.standings.forEach(function (s) {
        var row = add(table, el('tr'));
        add(row, el('td', 'num', s.place));
        paint(add(row, el('td', null, who(s.playerId))), s.playerId);
        add(row, el('td', null, s.status));
        add(row, el('td', 'num', fixed(s.standing)));
        add(row, el('td', 'num', fixed(s.points)));
        add(row, el('td', 'num', s.turns));
      });
      if (p.speaking) {
        add(node, el('p', 'dim', 'Speaking share: ' + p.speaking.players.map(function (s) {
          return who(s.playerId) + ' ' + (s.share * 100).toFixed(1) + '%';
        }).join(' · ') + ' · Gini ' + fixed(p.speaking.gini)));
      }
    }
  };

  header();
  events.forEach(function (e) { if (Object.prototype.hasOwnProperty.call(on, e.type)) on[e.type](e.payload); });
  $('status').textContent = ended
    ? 'Ended: ' + spaced(ended.reason)
    : 'In progress: this game has not ended (turn ' + turn + ', round ' + round + ').';
  if (!ended) note('progress', ['In progress: the game has not ended yet.']);
  $('calls').textContent = totals.calls + ' model calls (' + totals.failed + ' failed) · ' + totals.input +
    ' input + ' + totals.output + ' output tokens · $' + totals.cost.toFixed(4) + ' · ' +
    (totals.latency / 1000).toFixed(1) + ' s of model latency';

  var svg = $('chart');
  var legend = $('legend');
  var W = 640;
  var H = 220;
  var PAD = 34;
  var lastTurn = Math.max(1, series[series.length - 1].turn);
  var lo = 0;
  var hi = 0;
  series.forEach(function (s) {
    order.forEach(function (id) { lo = Math.min(lo, s.points[id]); hi = Math.max(hi, s.points[id]); });
  });
  if (hi - lo < 1e-9) hi = lo + 1;
  function x(t) { return PAD + (W - 2 * PAD) * t / lastTurn; }
  function y(v) { return H - PAD - (H - 2 * PAD) * (v - lo) / (hi - lo); }
  function shape(tag, attrs, label) {
    var node = document.createElementNS(svg.namespaceURI, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (label !== undefined) node.textContent = label;
    return add(svg, node);
  }
  function chart(step) {
    svg.replaceChildren();
    legend.replaceChildren();
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    shape('line', { x1: PAD, y1: y(0), x2: W - PAD, y2: y(0), 'class': 'axis' });
    shape('line', { x1: PAD, y1: PAD, x2: PAD, y2: H - PAD, 'class': 'axis' });
    shape('text', { x: 2, y: y(hi) + 4, 'class': 'tick' }, fixed(hi, 1));
    shape('text', { x: 2, y: y(lo) + 4, 'class': 'tick' }, fixed(lo, 1));
    shape('text', { x: W - PAD, y: H - 8, 'class': 'tick', 'text-anchor': 'end' }, 'turn ' + lastTurn);
    var shown = series.filter(function (s) { return s.step <= step; });
    var now = shown[shown.length - 1].points;
    order.forEach(function (id) {
      shape('polyline', {
        points: shown.map(function (s) { return fixed(x(s.turn), 1) + ',' + fixed(y(s.points[id]), 1); }).join(' '),
        fill: 'none', stroke: players[id].color, 'stroke-width': 2
      });
      var li = add(legend, el('li'));
      add(li, el('span', 'swatch')).style.background = players[id].color;
      add(li, el('span', null, who(id) + ': ' + fixed(now[id]) + ' points'));
    });
  }

  var range = $('step');
  var label = $('step-label');
  var play = $('play');
  var spoilers = $('spoilers');
  var timer = null;
  function show(step) {
    items.forEach(function (node, i) { node.hidden = i >= step; });
    label.textContent = step + ' / ' + items.length;
    chart(step);
  }
  function stop() {
    if (timer !== null) clearInterval(timer);
    timer = null;
    play.textContent = 'Play';
  }
  range.max = String(items.length);
  range.value = String(items.length);
  range.addEventListener('input', function () { stop(); show(Number(range.value)); });
  play.addEventListener('click', function () {
    if (timer !== null) { stop(); return; }
    if (Number(range.value) >= items.length) range.value = '0';
    play.textContent = 'Pause';
    show(Number(range.value));
    timer = setInterval(function () {
      var next = Math.min(items.length, Number(range.value) + 1);
      range.value = String(next);
      show(next);
      var latest = items[next - 1];
      if (latest && latest.scrollIntoView) latest.scrollIntoView({ block: 'nearest' });
      if (next >= items.length) stop();
    }, 700);
  });
  function reveal() { document.body.classList.toggle('spoilers', spoilers.checked); }
  spoilers.addEventListener('change', reveal);
  reveal();
  show(items.length);
})();
`;

/** The replay page's style sheet (inlined; no fonts or images to fetch). */
export const REPLAY_PAGE_STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --dim: #656d76; --bg: #fff; --card: #f6f8fa; --line: #d0d7de; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --dim: #8d96a0; --bg: #0d1117; --card: #161b22; --line: #30363d; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
h1 { margin: 0 0 .25rem; font-size: 1.5rem; }
h2 { font-size: 1.1rem; }
.dim, dt, .mid, .tick { color: var(--dim); }
#status { margin: 0 0 .5rem; font-weight: 600; }
#facts { display: grid; grid-template-columns: max-content 1fr; gap: 0 1rem; margin: 0 0 .5rem; }
#facts dd { margin: 0; }
#seats { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; list-style: none; }
#brief { margin: .5rem 0; }
#problem { white-space: pre-wrap; }
#controls { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .5rem 0; background: var(--bg); border-bottom: 1px solid var(--line); }
#step { flex: 1; min-width: 10rem; }
#chart { width: 100%; height: auto; background: var(--card); border-radius: 6px; }
#chart .axis { stroke: var(--line); }
#chart .tick { font-size: 11px; fill: var(--dim); }
#legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; list-style: none; font-size: .9rem; }
.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; border-radius: 2px; vertical-align: middle; }
.turn { margin: 1.25rem 0 .25rem; padding-top: .5rem; border-top: 1px solid var(--line); font-size: .9rem; }
.msg { margin: .5rem 0; padding: .5rem .75rem; scroll-margin-top: 4rem; background: var(--card); border-left: 4px solid var(--line); border-radius: 4px; }
.msg header { display: flex; gap: .5rem; font-size: .9rem; }
.msg .who { font-weight: 600; }
.msg:target { outline: 2px solid #d4a72c; }
.text { margin: .25rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.narrator { background: none; border-left-style: dotted; font-style: italic; }
.judge { border-left-color: #57606a; }
.accusation { border-left-width: 6px; }
.evidence { margin: .25rem 0; padding-left: 1.25rem; }
.note { margin: .25rem 0; font-size: .85rem; color: var(--dim); }
.note.bad, .gate, .forfeit, .failed { color: #bc4c00; }
.finding, .hidden-note, .bid { display: block; }
.hidden-note { margin-top: .25rem; padding: .25rem .5rem; border: 1px dashed var(--line); border-radius: 4px; font-size: .85rem; color: var(--dim); }
.ended { margin-top: 1.5rem; padding-top: .5rem; border-top: 2px solid var(--line); }
table { border-collapse: collapse; font-size: .85rem; }
th, td { padding: .15rem .5rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
body:not(.spoilers) .spoiler, [hidden] { display: none !important; }
`;
