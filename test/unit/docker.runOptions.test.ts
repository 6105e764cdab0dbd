import * as assert from 'node:assert/strict';
import { containerCreateBody, parsePortMapping, validateContainerName, validateEnvEntry, validatePortMapping } from '../../src/docker/runOptions';

describe('run image options', () => {
    it('parses the docker run -p forms', () => {
        assert.deepEqual(parsePortMapping('80'), { containerPort: 80, protocol: 'tcp', hostPort: undefined, hostIp: undefined });
        assert.deepEqual(parsePortMapping(' 8080:80 '), { containerPort: 80, protocol: 'tcp', hostPort: 8080, hostIp: undefined });
        assert.deepEqual(parsePortMapping('5353:53/UDP'), { containerPort: 53, protocol: 'udp', hostPort: 5353, hostIp: undefined });
        assert.deepEqual(parsePortMapping('127.0.0.1:8080:80'), { containerPort: 80, protocol: 'tcp', hostPort: 8080, hostIp: '127.0.0.1' });
        assert.deepEqual(parsePortMapping('0.0.0.0::80'), { containerPort: 80, protocol: 'tcp', hostPort: undefined, hostIp: '0.0.0.0' });
    });

    it('rejects bad mappings with a message that says what is wrong', () => {
        assert.match(validatePortMapping('http') ?? '', /"http" is not a port/);
        assert.match(validatePortMapping('70000') ?? '', /1 to 65535/);
        assert.match(validatePortMapping('80/icmp') ?? '', /tcp, udp or sctp/);
        assert.match(validatePortMapping('x:80') ?? '', /"x" is not a host port/);
        assert.match(validatePortMapping('nope:1:80') ?? '', /not an IP address/);
        assert.match(validatePortMapping('1:2:3:4') ?? '', /not a port mapping/);
        assert.equal(validatePortMapping('8080:80'), undefined);
    });

    it('validates names and environment entries by the engine rules', () => {
        assert.equal(validateContainerName(''), undefined);
        assert.equal(validateContainerName('web-1.a_b'), undefined);
        assert.ok(validateContainerName('café'));
        assert.ok(validateContainerName('-web'));
        assert.ok(validateContainerName('a'));
        assert.equal(validateEnvEntry('A=b=c'), undefined);
        assert.equal(validateEnvEntry('EMPTY='), undefined);
        assert.ok(validateEnvEntry('=x'));
        assert.ok(validateEnvEntry('NOVALUE'));
        assert.ok(validateEnvEntry('A B=c'));
    });

    it('builds the create body: exposed ports, bindings, env, network', () => {
        const body = containerCreateBody({
            image: 'nginx:1',
            name: 'web',
            env: ['A=1'],
            ports: [parsePortMapping('8080:80'), parsePortMapping('127.0.0.1:9090:90/udp'), parsePortMapping('443')],
            networkMode: 'none',
            labels: { x: 'y' },
        });
        assert.deepEqual(body, {
            Image: 'nginx:1',
            name: 'web',
            Env: ['A=1'],
            Labels: { x: 'y' },
            ExposedPorts: { '80/tcp': {}, '90/udp': {}, '443/tcp': {} },
            HostConfig: {
                PortBindings: { '80/tcp': [{ HostPort: '8080' }], '90/udp': [{ HostPort: '9090', HostIp: '127.0.0.1' }], '443/tcp': [{ HostPort: '' }] },
                NetworkMode: 'none',
            },
        });
        assert.deepEqual(containerCreateBody({ image: 'a' }), { Image: 'a', HostConfig: {} });
    });

    it('passes volumes on as the engine\'s binds, as docker run -v does', () => {
        assert.deepEqual(containerCreateBody({ image: 'a', volumes: ['data:/data', './site:/srv:ro'] }).HostConfig, { Binds: ['data:/data', './site:/srv:ro'] });
    });
});
