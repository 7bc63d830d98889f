import { playSimGame } from '../src/sim/sim-game.fixture';
import { testSpec } from '@arena/models/testing';
import { DEFAULT_RULES } from '@arena/models';
const turns = Number(process.argv[2] ?? 60);
const show = process.argv[3] === 'show';
const g = await playSimGame({ turns, eliminate: process.argv[6] === "elim", spec: testSpec({ seed: Number(process.argv[4] ?? 7), mode: (process.argv[5] ?? 'competitive') as 'competitive', rules: { ...DEFAULT_RULES, accusations: { ...DEFAULT_RULES.accusations, maxPerPlayer: 50 } } }) });
let accepted = 0, rejected = 0, accus = 0, trueAcc = 0, fab = 0, retries = 0, forfeits = 0, cites = 0, contribs = 0;
for (const a of g.actions) {
  if (a.action.action === 'accuse') {
    accus++;
    const ok = a.action.evidence.every((e) => a.before.messages.find((m) => m.id === e.messageId)?.text.includes(e.quote));
    ok ? trueAcc++ : fab++;
    if (show) console.log(`\n[T${a.turn} ${a.playerId} ACCUSE ${a.action.accusedId} ${a.action.kind} ${a.action.confidence} ok=${ok}] ${a.action.claim}\n   evidence: ${JSON.stringify(a.action.evidence)}`);
  } else {
    contribs++;
    if (a.action.cites.length) cites++;
    if (a.rejectedAs) rejected++; else accepted++;
    if (a.attempt > 1) retries++;
    if (show) console.log(`\n[T${a.turn} ${a.playerId} a${a.attempt}${a.rejectedAs ? ' REJECTED~' + a.rejectedAs.id : ''} cites=${a.action.cites}] ${a.action.text}`);
  }
}
for (const e of g.game.state.players) forfeits += e.forfeits;
if (show) for (const n of g.narration) console.log(`\n<<${n.trigger}>> ${n.text}`);
if (show) for (const d of g.defences) console.log(`\nDEF: ${d}`);
const manip = g.game.state.messages.filter(m => m.kind==='contribution' && /judge[,:] |note to the judge|full marks|trust me|everyone (here )?(already )?agrees|we all know|no serious person|as the (judge|narrator)|the judge already|on behalf of|vote|gang up|eliminate P|admitted in|said it plainly|wrote in M|conceded in/i.test(m.text)).length;
console.log({ actions: g.actions.length, contribs, accepted, rejected, retries, forfeits, cites, accus, trueAcc, fab, manip, msgs: g.game.state.messages.filter(m=>m.kind==='contribution').length });
if (process.argv[3] === 'acc') {
  for (const a of g.actions) if (a.action.action === 'accuse') console.log(`\n[T${a.turn} ${a.playerId} ACCUSE ${a.action.accusedId} ${a.action.kind} ${a.action.confidence}] ${a.action.claim}\n   evidence: ${JSON.stringify(a.action.evidence)}`);
  for (const d of g.defences) console.log(`\nDEF: ${d}`);
  for (const d of g.finalWords) console.log(`\nFINAL: ${d}`);
  for (const n of g.narration) if (n.trigger !== 'periodic') console.log(`\n<<${n.trigger}>> ${n.text}`);
}
