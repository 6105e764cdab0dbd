import * as assert from 'node:assert/strict';
import { renderCloudInit } from '../../src/hostSetup/cloudInit';

describe('hostSetup/cloudInit', () => {
    const text = renderCloudInit();

    it('is a #cloud-config that installs docker.io from the archive', () => {
        assert.ok(text.startsWith('#cloud-config\n'));
        assert.match(text, /^package_update: true$/m);
        assert.match(text, /^packages:\n {2}- docker\.io$/m);
    });

    it('carries no secret and fetches no script from the internet', () => {
        assert.doesNotMatch(text, /PRIVATE KEY|BEGIN/);
        assert.doesNotMatch(text, /https?:|curl|wget|runcmd/);
    });

    it('is plain YAML: top-level keys and list items only, no tabs', () => {
        for (const line of text.split('\n').slice(1).filter((l) => l !== '')) {
            assert.match(line, /^([a-z_]+: ?.*|  - [a-z0-9.-]+)$/, line);
        }
    });
});
