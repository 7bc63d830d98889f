import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldGame, type GameEvent } from '@arena/models';
import { HOSTILE_TEXT, hostileLog, playedLog } from './export-test-logs.fixture';
import { escapeHtml, eventsToHtml, jsonForScript } from './export-html';
import { REPLAY_PAGE_SCRIPT } from './replay-page-script';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The smallest part of a DOM the replay script uses; records every element it creates. */
class FakeElement {
  children: FakeElement[] = [];
  attributes: Record<string, string> = {};
  style: Record<string, string> = {};
  listeners: Record<string, Array<() => void>> = {};
  className = '';
  id = '';
  href = '';
  value = '';
  max = '';
  hidden = false;
  checked = false;
  textContent = '';
  readonly classList = {
    toggle: (name: string, on: boolean) => {
      const names = new Set(this.className.split(' ').filter(Boolean));
      if (on) names.add(name);
      else names.delete(name);
      this.className = [...names].join(' ');
    },
  };
  constructor(
    readonly tagName: string,
    readonly namespaceURI: string | null = null,
  ) {}
  appendChild(child: FakeElement): FakeElement {
    this.children.push(child);
    return child;
  }
  replaceChildren(): void {
    this.children = [];
  }
  setAttribute(name: string, value: string): void {
    this.attributes[name] = value;
  }
  addEventListener(type: string, listener: () => void): void {
    (this.listeners[type] ??= []).push(listener);
  }
  fire(type: string): void {
    for (const listener of this.listeners[type] ?? []) listener();
  }
  /** Own text followed by the children's, as `textContent` reads in a browser. */
  text(): string {
    return this.textContent + this.children.map((c) => c.text()).join('');
  }
  find(predicate: (e: FakeElement) => boolean): FakeElement[] {
    return this.children.flatMap((c) => [...(predicate(c) ? [c] : []), ...c.find(predicate)]);
  }
}

function blocks(html: string): { json: string; script: string } {
  const json = /<script type="application\/json" id="arena-events">([\s\S]*?)<\/script>/.exec(html);
  const script = /<script>([\s\S]*?)<\/script>/.exec(html);
  if (!json?.[1] || !script?.[1]) throw new Error('the page has no events or no script');
  return { json: json[1], script: script[1] };
}

/** Runs a replay page's script against a fake document; the timer is ticked by hand. */
function openPage(html: string) {
  const elements = new Map<string, FakeElement>();
  const created: FakeElement[] = [];
  const byId = (id: string): FakeElement => {
    const existing = elements.get(id);
    if (existing) return existing;
    const element = new FakeElement(id === 'chart' ? 'svg' : 'div', id === 'chart' ? SVG_NS : null);
    element.id = id;
    elements.set(id, element);
    return element;
  };
  byId('arena-events').textContent = blocks(html).json;
  const body = new FakeElement('body');
  let tick: (() => void) | null = null;
  const document = {
    body,
    getElementById: byId,
    createElement: (tag: string) => {
      const element = new FakeElement(tag);
      created.push(element);
      return element;
    },
    createElementNS: (ns: string, tag: string) => {
      const element = new FakeElement(tag, ns);
      created.push(element);
      return element;
    },
  };
  runInNewContext(blocks(html).script, {
    document,
    setInterval: (fn: () => void) => {
      tick = fn;
      return 1;
    },
    clearInterval: () => {
      tick = null;
    },
  });
  return { byId, body, created, tick: () => tick?.(), ticking: () => tick !== null };
}

describe('eventsToHtml of a whole game', () => {
  let events: GameEvent[];
  let html: string;
  beforeAll(async () => {
    events = await playedLog();
    html = eventsToHtml(events);
  });

  it('is self-contained: no external references, no script sources, a closed CSP', () => {
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script[^>]*\ssrc/i);
    expect(html).not.toMatch(/<link|<iframe|<img|@import|url\(/i);
    expect(html.match(/<script/g)).toHaveLength(2);
    const csp = /content="(default-src 'none';[^"]*)"/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(blocks(html).script).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).not.toContain('unsafe');
  });

  it('embeds the events as JSON that parses back to the log', () => {
    expect(JSON.parse(blocks(html).json)).toEqual(events);
    expect(eventsToHtml(events)).toBe(html);
  });

  it('draws every transcript message with its anchor, speaker colour and cited links', () => {
    const state = foldGame(events);
    const page = openPage(html);
    const transcript = page.byId('transcript');
    const articles = transcript.find((e) => e.tagName === 'article');
    expect(articles.map((a) => a.id)).toEqual(state.messages.map((m) => m.id.toLowerCase()));
    for (const m of state.messages) {
      const article = articles.find((a) => a.id === m.id.toLowerCase());
      expect(article?.text()).toContain(m.text);
      if (m.kind === 'contribution') expect(article?.style['borderLeftColor']).toMatch(/^#/);
    }
    expect(articles.filter((a) => a.className === 'msg narrator').length).toBe(
      state.messages.filter((m) => m.kind === 'narrator').length,
    );
    const links = transcript.find((e) => e.tagName === 'a');
    expect(links.length).toBeGreaterThan(0);
    for (const a of links) expect(articles.map((x) => `#${x.id}`)).toContain(a.href);
    expect(page.created.map((e) => e.tagName)).not.toContain('script');
  });

  it('reveals the conversation up to the scrubber step and plays it forward', () => {
    const page = openPage(html);
    const range = page.byId('step');
    const items = page.byId('transcript').children;
    expect(range.max).toBe(String(items.length));
    expect(items.every((i) => !i.hidden)).toBe(true);
    range.value = '3';
    range.fire('input');
    expect(items.map((i) => i.hidden)).toEqual(items.map((_, i) => i >= 3));
    expect(page.byId('step-label').textContent).toBe(`3 / ${items.length}`);
    page.byId('play').fire('click');
    expect(page.byId('play').textContent).toBe('Pause');
    page.tick();
    expect(range.value).toBe('4');
    expect(items.filter((i) => !i.hidden)).toHaveLength(4);
    page.byId('play').fire('click');
    expect(page.ticking()).toBe(false);
  });

  it('shows scores over time, rationales and the policy reasoning behind the spoiler toggle', () => {
    const state = foldGame(events);
    const page = openPage(html);
    expect(html).toContain('<section id="scores" class="spoiler">');
    const polylines = page.byId('chart').find((e) => e.tagName === 'polyline');
    expect(polylines).toHaveLength(state.players.length);
    expect(polylines.every((p) => p.namespaceURI === SVG_NS)).toBe(true);
    const legend = page.byId('legend').text();
    for (const p of state.players) expect(legend).toContain(`${p.name} (${p.id}): `);
    const spoilers = page.byId('transcript').find((e) => e.className.includes('spoiler'));
    const scored = events.filter((e) => e.type === 'contribution_scored').length;
    expect(spoilers.filter((e) => e.className === 'spoiler score')).toHaveLength(scored);
    expect(spoilers.some((e) => e.text().startsWith('Turn policy (weighted): '))).toBe(true);
    page.byId('spoilers').checked = true;
    page.byId('spoilers').fire('change');
    expect(page.body.className).toBe('spoilers');
    page.byId('step').value = '0';
    page.byId('step').fire('input');
    const early = page.byId('chart').find((e) => e.tagName === 'polyline');
    expect(early.every((p) => p.attributes['points']?.split(' ').length === 1)).toBe(true);
  });
});

describe('eventsToHtml of hostile text', () => {
  const events = hostileLog();
  const html = eventsToHtml(events);

  it('keeps </script> and markup in model text inert', () => {
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).toContain('<title>Bridges &lt;i&gt;&amp;&lt;/i&gt; floods · g-hostile');
    const parsed = JSON.parse(blocks(html).json) as GameEvent[];
    expect(parsed).toEqual(events);
    const page = openPage(html);
    const m2 = page.byId('transcript').find((e) => e.id === 'm2')[0];
    expect(m2?.find((e) => e.className === 'text')[0]?.textContent).toBe(HOSTILE_TEXT);
    expect(page.created.map((e) => e.tagName)).not.toContain('script');
    expect(page.created.map((e) => e.tagName)).not.toContain('img');
  });

  it('links accusation evidence to the cited message and folds the gate rejection', () => {
    const page = openPage(html);
    const m3 = page.byId('transcript').find((e) => e.id === 'm3')[0];
    expect(m3?.find((e) => e.tagName === 'a').map((a) => a.href)).toEqual(['#m2']);
    expect(m3?.text()).toContain(': “<script>alert(1)”');
    const gate = page.byId('transcript').find((e) => e.className === 'note gate')[0];
    expect(gate?.text()).toMatch(/^Gate: attempt 1 by Ana .* rejected as too short/);
    expect(gate?.find((e) => e.tagName === 'blockquote')[0]?.textContent).toBe('Piers.');
    expect(page.byId('legend').text()).toContain('(P1): 0.500 points');
    expect(page.byId('status').textContent).toBe('Ended: max turns');
  });

  it('marks a game in progress', () => {
    const page = openPage(eventsToHtml(hostileLog({ ended: false })));
    expect(page.byId('status').textContent).toMatch(/^In progress/);
    expect(page.byId('transcript').children.at(-1)?.text()).toContain('has not ended');
  });
});

describe('the replay page helpers', () => {
  it('escape HTML and script-embedded JSON', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    const value = { text: '</script><!-- \u2028 & >' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('has a script that never parses text as markup and cannot end its own element', () => {
    expect(REPLAY_PAGE_SCRIPT).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/,
    );
    expect(REPLAY_PAGE_SCRIPT).not.toMatch(/<\/script|<!--/i);
  });
});
