import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface MenuEntry { command: string; when: string; group?: string }
interface WelcomeEntry { when: string; contents: string }

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
/** A manifest string as VS Code shows it: `%key%` from package.nls.json. */
const text = (value: string) => value.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? value);

/** The inline buttons of a host row, as VS Code evaluates the `viewItem =~ /…/` clauses. */
function inlineFor(contextValue: string): string[] {
    return menuFor(contextValue, (group) => group === 'inline');
}

/** The commands a row's menu (or its inline buttons) offers for this contextValue. */
function menuFor(contextValue: string, inGroup: (group: string | undefined) => boolean = (group) => group !== 'inline'): string[] {
    return (manifest.contributes.menus['view/item/context'] as MenuEntry[])
        .filter((e) => inGroup(e.group))
        .filter((e) => {
            const regex = /viewItem =~ \/(.*?)\/(?:\s|$)/.exec(e.when)?.[1];
            const exact = /viewItem == (\S+)/.exec(e.when)?.[1];
            return regex ? new RegExp(regex).test(contextValue) : exact === contextValue;
        })
        .map((e) => e.command.replace('azureDockerHosts.', ''));
}

/** A tiny evaluator for the welcome views' clauses: `a && !b` over boolean context keys. */
function welcomeShown(context: Record<string, boolean | undefined>): string[] {
    return (manifest.contributes.viewsWelcome as WelcomeEntry[])
        .filter((w) => w.when.split('&&').every((term) => {
            const t = term.trim();
            return t.startsWith('!') ? !context[t.slice(1)] : !!context[t];
        }))
        .map((w) => text(w.contents).split('\n')[0]);
}

describe('manifest: what a host row and the welcome view offer', () => {
    it('a deallocated or stopped host offers Start inline, not Retry Connection, which cannot help', () => {
        for (const state of ['deallocated', 'stopped']) {
            const inline = inlineFor(`azureDockerHosts.host;state=${state};engine=unreachable`);
            assert.ok(inline.includes('startVm'), `${state}: ${inline.join(', ')}`);
            assert.ok(!inline.includes('retryHost'), `${state}: ${inline.join(', ')}`);
        }
    });

    it('a running host whose engine does not answer offers Retry Connection, and no Start', () => {
        const inline = inlineFor('azureDockerHosts.host;state=running;engine=unreachable');
        assert.ok(inline.includes('retryHost'));
        assert.ok(!inline.includes('startVm'));
        assert.ok(inlineFor('azureDockerHosts.host;state=running;legacy;engine=unreachable').includes('retryHost'));
    });

    it('an SSH-only host offers no Rotate TLS Certificates (it has none) but Configure Engine and Switch Engine Access; a TLS host offers Rotate', () => {
        const ssh = menuFor('azureDockerHosts.host;state=running;engine=connected;access=ssh');
        assert.ok(!ssh.includes('rotateCertificates'), ssh.join(', '));
        assert.ok(ssh.includes('configureEngine') && ssh.includes('switchEngineAccess'), ssh.join(', '));
        assert.ok(menuFor('azureDockerHosts.host;state=running;engine=connected').includes('rotateCertificates'));
        assert.ok(!menuFor('azureDockerHosts.host;state=deallocated;engine=unreachable').includes('configureEngine'), 'Azure runs extensions only on a running VM');
    });

    it('gives each host menu entry its own slot, so the order is not left to chance', () => {
        const slots = (manifest.contributes.menus['view/item/context'] as MenuEntry[])
            .filter((e) => e.group && e.group !== 'inline' && /azureDockerHosts\\\.host;/.test(e.when))
            .map((e) => e.group!);
        assert.deepEqual(slots.filter((g, i) => slots.indexOf(g) !== i), []);
    });

    it('says it is loading, not "Sign in", until the extension has checked the credential', () => {
        const loading = welcomeShown({});
        assert.equal(loading.length, 1);
        assert.doesNotMatch(loading[0], /Sign in/);
        assert.match(welcomeShown({ 'azureDockerHosts.signInChecked': true, 'azureDockerHosts.signedIn': false })[0], /^Sign in to Azure/);
        assert.deepEqual(welcomeShown({ 'azureDockerHosts.signInChecked': true, 'azureDockerHosts.signedIn': true }), []);
    });
});
