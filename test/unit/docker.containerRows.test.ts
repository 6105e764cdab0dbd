import * as assert from 'node:assert/strict';
import type Dockerode from 'dockerode';
import { containerRow, containerPageRows, groupContainerRows, publishedPortLinks, publishedPorts } from '../../src/docker/containerRows';
import { toContainerSummary, toImageSummary, toNetworkSummary } from '../../src/docker/summaries';

function raw(name: string, over: Partial<Dockerode.ContainerInfo> = {}): Dockerode.ContainerInfo {
    return {
        Id: `${name}-id`,
        Names: [`/${name}`],
        Image: 'nginx:1',
        ImageID: 'sha256:1',
        Command: 'nginx',
        Created: 1_700_000_000,
        Ports: [],
        Labels: {},
        State: 'running',
        Status: 'Up 2 minutes',
        HostConfig: { NetworkMode: 'bridge' },
        NetworkSettings: { Networks: {} },
        Mounts: [],
        ...over,
    };
}

describe('container summaries and rows', () => {
    it('reads name, health, compose project, ports and networks from the list entry', () => {
        const c = toContainerSummary(raw('web', {
            Status: 'Up 3 minutes (unhealthy)',
            Labels: { 'com.docker.compose.project': 'shop' },
            Ports: [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }, { IP: '', PrivatePort: 443, PublicPort: 0, Type: 'tcp' }],
            NetworkSettings: { Networks: { shop_default: {} as Dockerode.NetworkInfo } },
        }));
        assert.equal(c.name, 'web');
        assert.equal(c.health, 'unhealthy');
        assert.equal(c.composeProject, 'shop');
        assert.deepEqual(c.networks, ['shop_default']);
        assert.deepEqual(c.ports[1], { privatePort: 443, publicPort: undefined, hostIp: undefined, protocol: 'tcp' });
        assert.equal(c.created.toISOString(), '2023-11-14T22:13:20.000Z');
        const row = containerRow(c);
        assert.equal(row.icon, 'unhealthy');
        assert.equal(row.contextValue, 'runningContainer');
        assert.equal(row.id, 'web-id:running');
        assert.equal(row.description, 'nginx:1 · Up 3 minutes (unhealthy)');
        assert.equal(toContainerSummary(raw('s', { Status: 'Up 1 second (health: starting)' })).health, 'starting');
    });

    it('groups by compose project and sorts by name', () => {
        const list = ['b', 'a', 'z'].map((n) => toContainerSummary(raw(n))).concat(
            ['y', 'x'].map((n) => toContainerSummary(raw(n, { Labels: { 'com.docker.compose.project': 'p' }, State: 'exited', Status: 'Exited (0)' }))),
        );
        const g = groupContainerRows(list);
        assert.deepEqual(g.ungrouped.map((r) => r.label), ['a', 'b', 'z']);
        assert.deepEqual(g.projects.map((p) => [p.project, p.rows.map((r) => r.label)]), [['p', ['x', 'y']]]);
        assert.equal(g.projects[0].rows[0].icon, 'exited');
    });

    it('sorts and groups a host listed in one page, and keeps the engine order of a paged one', () => {
        const list = ['b', 'a'].map((n) => toContainerSummary(raw(n))).concat(toContainerSummary(raw('c', { Labels: { 'com.docker.compose.project': 'p' } })));
        const whole = containerPageRows({ containers: list }, true);
        assert.deepEqual([whole.ungrouped.map((r) => r.label), whole.projects.map((p) => p.project)], [['a', 'b'], ['p']]);
        for (const [page, first] of [[{ containers: list, next: { before: 'c' } }, true], [{ containers: list }, false]] as const) {
            const rows = containerPageRows(page, first);
            assert.deepEqual([rows.ungrouped.map((r) => r.label), rows.projects], [['b', 'a', 'c'], []]);
        }
    });

    it('links published ports to the public address, never localhost, and skips loopback-only ones', () => {
        const c = toContainerSummary(raw('web', {
            Ports: [
                { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
                { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
                { IP: '127.0.0.1', PrivatePort: 81, PublicPort: 8081, Type: 'tcp' },
                { IP: '0.0.0.0', PrivatePort: 53, PublicPort: 53, Type: 'udp' },
            ],
        }));
        assert.deepEqual(publishedPortLinks(c, '20.1.2.3').map(({ label, url }) => ({ label, url })), [{ label: '8080 → 80/tcp', url: 'http://20.1.2.3:8080' }]);
        // The row lists every port published on the public address, UDP too, each once.
        assert.deepEqual(publishedPorts(c).map((p) => p.label), ['8080→80/tcp', '53→53/udp']);
        assert.equal(publishedPortLinks(c, '2001:db8::1')[0].url, 'http://[2001:db8::1]:8080');
        assert.equal(publishedPortLinks(c, 'myhost.westeurope.cloudapp.azure.com')[0].url, 'http://myhost.westeurope.cloudapp.azure.com:8080');
    });

    it('flags dangling images and built-in networks', () => {
        const base = { Id: 'i', ParentId: '', Created: 1, Size: 5, VirtualSize: 5, SharedSize: 0, Labels: {}, Containers: 0 };
        assert.equal(toImageSummary({ ...base, RepoTags: ['<none>:<none>'] }).dangling, true);
        assert.equal(toImageSummary({ ...base, RepoTags: undefined }).dangling, true);
        assert.deepEqual(toImageSummary({ ...base, RepoTags: ['a:1'] }).repoTags, ['a:1']);
        const net = (Name: string) => toNetworkSummary({ Name, Id: Name, Created: '2024-01-01T00:00:00Z', Scope: 'local', Driver: 'bridge', EnableIPv6: false, Internal: false, Attachable: false, Ingress: false, ConfigOnly: false });
        assert.deepEqual(['bridge', 'host', 'none', 'mine'].map((n) => net(n).builtIn), [true, true, true, false]);
    });
});
