import * as assert from 'node:assert/strict';
import { hostTooltipMarkdown } from '../../src/azure/hostDisplay';
import type { DockerHost } from '../../src/host/dockerHost';
import { escapeMarkdown, markdownCode } from '../../src/docker/markdown';

// VS Code renders MarkdownString tooltips with marked, so it is the judge of what a tooltip shows.
let marked: typeof import('marked', { with: { 'resolution-mode': 'import' } }).marked;
const render = (md: string) => marked.parse(md, { async: false });
const hostile = ['x](https://evil.example) *bold* _em_ <img src=x onerror=alert(1)>', '# heading', '1. list', '- item', '> quote', '| a | b |', 'a\n\nb', '`tick` ``two``', 'back\\slash', '&amp; entity'];

/** The text marked shows for rendered HTML: tags removed, the entities marked emits decoded. */
function shownText(html: string): string {
    return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim();
}

describe('docker: Markdown from engine strings', () => {
    before(async () => {
        ({ marked } = await import('marked'));
    });

    it('escapeMarkdown shows every character as it is, with no link, emphasis, HTML or block', () => {
        for (const text of hostile) {
            const html = render(escapeMarkdown(text));
            assert.match(html, /^<p>[^]*<\/p>\s*$/, text);
            assert.doesNotMatch(html.slice(3, -5), /<(?!\/?p>)/, `${text} → ${html}`);
            assert.equal(shownText(html), text.replace(/\n/g, ' '), text);
        }
    });

    it('markdownCode keeps a path in one code span, whatever backticks it holds', () => {
        for (const text of ['/var/lib/docker', 'a`b', '``x``', '`lead', 'trail`', 'x](y)']) {
            const html = render(markdownCode(text)).trim();
            assert.equal(html.match(/<code>/g)?.length, 1, `${text} → ${html}`);
            assert.equal(shownText(html), text);
        }
    });

    it('the host tooltip escapes every value from Azure', () => {
        const host = { name: 'h[1](https://evil.example)', size: '*big*', image: '<b>img</b>', resourceGroup: 'rg_1_', location: 'eastus', powerState: 'running', legacy: false } as unknown as DockerHost;
        const html = render(hostTooltipMarkdown(host));
        assert.doesNotMatch(html, /<a |<em>|<b>/);
        assert.ok(shownText(html).includes('h[1](https://evil.example)'));
    });
});
