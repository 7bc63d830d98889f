import { beforeAll, describe, expect, it } from 'vitest';
import { foldGame, type GameEvent } from '@arena/models';
import { HOSTILE_TEXT, hostileLog, playedLog } from './export-test-logs.fixture';
import { eventsToMarkdown } from './export-markdown';
import { markdownInline, markdownText } from './markdown-text';

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  expect(start, `section ${heading}`).toBeGreaterThanOrEqual(0);
  const rest = markdown.slice(start + heading.length + 2);
  const level = heading.split(' ')[0] as string;
  const next = rest.search(new RegExp(`\\n${level} `));
  return next < 0 ? rest : rest.slice(0, next);
}

describe('markdownText', () => {
  it('escapes inline Markdown and HTML so the text renders literally', () => {
    expect(markdownText('*a* _b_ `c` [d](e) <f> & g | h ~i~ $j$ \\k')).toBe(
      '\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) &lt;f&gt; &amp; g \\| h \\~i\\~ \\$j\\$ \\\\k',
    );
  });

  it('keeps lines from starting headings, lists, quotes or code blocks', () => {
    expect(markdownText('# title\n- item\n+ item\n2. item\n> quote\n    code\n===')).toBe(
      '\\# title\\\n\\- item\\\n\\+ item\\\n2\\. item\\\n&gt; quote\\\ncode\\\n\\===',
    );
  });

  it('keeps paragraphs, sets lines in italics on request and flattens inline text', () => {
    expect(markdownText('one\n\n\ntwo\nthree', { italic: true })).toBe('*one*\n\n*two*\\\n*three*');
    expect(markdownInline('a\n\nb | c')).toBe('a b \\| c');
  });
});

describe('eventsToMarkdown of a whole game', () => {
  let events: GameEvent[];
  let markdown: string;
  beforeAll(async () => {
    events = await playedLog();
    markdown = eventsToMarkdown(events);
  });

  it('has the title, facts, problem, transcript, standings and spectator sections', () => {
    const state = foldGame(events);
    expect(markdown.startsWith(`# ${state.spec.scenario.title} — game g-export\n`)).toBe(true);
    for (const heading of [
      '## Seats',
      '### Officials',
      '## Problem',
      '### Sub-problems',
      '## Transcript',
      '## Final standings',
      '## Speaking share',
      '## Spectator notes',
      '### Scores per contribution',
      '### Judge rationales',
      '### Turn policy reasoning',
      '### Model calls',
    ]) {
      expect(markdown).toContain(`\n${heading}\n`);
    }
    expect(markdown).toContain(`| Seed | ${state.spec.seed} |`);
    expect(markdown).toContain('| Turn policy | weighted |');
    for (const sp of state.spec.scenario.subProblems) expect(markdown).toContain(`(${sp.id})`);
    for (const seat of state.spec.seats) {
      expect(section(markdown, '## Seats')).toContain(`| ${seat.playerId} | ${seat.profile.name}`);
    }
    expect(markdown).not.toContain('in progress');
  });

  it('gives every transcript message one anchor, in order, and links only to anchors', () => {
    const state = foldGame(events);
    const anchors = [...markdown.matchAll(/<a id="(m\d+)"><\/a>/g)].map((m) => m[1]);
    expect(anchors).toEqual(state.messages.map((m) => m.id.toLowerCase()));
    const targets = new Set([...markdown.matchAll(/\]\(#(m\d+)\)/g)].map((m) => m[1]));
    expect(targets.size).toBeGreaterThan(0);
    for (const target of targets) expect(anchors).toContain(target);
    const cited = state.messages.find((m) => m.kind === 'contribution' && m.cites.length > 0);
    expect(markdown).toContain(`**${cited?.id} · `);
    expect(markdown).toContain(
      `builds on [${cited?.cites[0]}](#${cited?.cites[0]?.toLowerCase()})`,
    );
  });

  it('shows eliminations with reasoning and final words, narrator lines as italic quotes', () => {
    const transcript = section(markdown, '## Transcript');
    const eliminated = events.find((e) => e.type === 'player_eliminated');
    const finalWords = events.find((e) => e.type === 'final_words');
    expect(eliminated?.type).toBe('player_eliminated');
    if (eliminated?.type === 'player_eliminated' && finalWords?.type === 'final_words') {
      expect(transcript).toContain(`is eliminated** (`);
      expect(transcript).toContain(markdownText(eliminated.payload.reasoning));
      expect(transcript).toContain(`${finalWords.payload.messageId} · `);
      expect(transcript).toContain(', final words**');
    }
    expect(transcript).toMatch(/\n> <a id="m1"><\/a>\*\*Narrator · M1\*\* \(opening\)\n>\n> \*/);
    expect(transcript).toMatch(/\*The game enters its (mid|late|final) phase\.\*/);
  });

  it('ends with the recorded standings, speaking share and model-call totals', () => {
    const ended = events.at(-1);
    if (ended?.type !== 'game_ended') throw new Error('the game did not end');
    const standings = section(markdown, '## Final standings');
    expect(standings).toContain(`**End reason:** ${ended.payload.reason.replace(/_/g, ' ')}`);
    for (const s of ended.payload.standings) expect(standings).toContain(`| ${s.place} | `);
    const speaking = section(markdown, '## Speaking share');
    expect(speaking).toContain(`Gini ${ended.payload.speaking?.gini.toFixed(3)}`);
    const calls = section(markdown, '### Model calls');
    const count = events.filter((e) => e.type === 'model_call').length;
    expect(calls).toMatch(new RegExp(`\\| \\*\\*Total\\*\\* \\|  \\| ${count} \\|`));
    const scored = events.filter((e) => e.type === 'contribution_scored').length;
    const table = section(markdown, '### Scores per contribution');
    expect(table.split('\n').filter((l) => l.startsWith('| [M')).length).toBe(scored);
  });
});

describe('eventsToMarkdown of hostile text', () => {
  const markdown = eventsToMarkdown(hostileLog());

  it('escapes *, _ and < in model text, names and titles', () => {
    expect(markdown).toContain(
      'Use \\*bold\\* and \\_under\\_ &lt;img src=x onerror=alert(1)&gt; then &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; \\| done',
    );
    expect(markdown).toContain('# Bridges &lt;i&gt;&amp;&lt;/i&gt; floods — game g-hostile');
    expect(markdown).toContain('Ana &lt;b&gt;\\*the\\*&lt;/b&gt; \\_Bold\\_ (P1)');
    expect(markdown).toContain('*Welcome \\*all\\* to &lt;the&gt; bridge.*');
    expect(markdown).not.toContain(HOSTILE_TEXT);
    expect(markdown).not.toMatch(/<(script|img|b|i|the)[ >]/);
  });

  it('folds the gate rejection into a note and links the evidence to the cited message', () => {
    expect(markdown).toContain('- *Gate:* attempt 1 by Ana');
    expect(markdown).toContain('rejected as too short.');
    expect(markdown).toContain(
      '**M2 · Ana &lt;b&gt;\\*the\\*&lt;/b&gt; \\_Bold\\_ (P1)** (attempt 2)',
    );
    expect(markdown).toContain('- [M2](#m2): “&lt;script&gt;alert(1)”');
    expect(markdown).toContain('- *Evidence check:* every quote is in the record.');
    expect(markdown).toContain("is false** (confidence 0.20; the accuser's points × 0.50)");
    const notes = section(markdown, '## Spectator notes');
    expect(notes).toContain('Nothing &lt;em&gt;similar&lt;/em&gt; said before.');
    expect(notes).toContain('Round-robin: &lt;P1&gt; is next.');
    expect(notes).toContain('$0.0015');
  });
});

describe('eventsToMarkdown of a game in progress', () => {
  it('marks it in progress with provisional standings and the speaking share so far', () => {
    const markdown = eventsToMarkdown(hostileLog({ ended: false }));
    expect(markdown).toContain('> **In progress:** this game has not ended (turn 2, round 1)');
    expect(markdown).toContain('\n## Standings so far\n');
    expect(markdown).not.toContain('## Final standings');
    expect(markdown).toContain('How often each player has held the floor so far.');
    expect(markdown).not.toContain('Game over');
  });
});
