import * as assert from 'node:assert/strict';
import { describeEngineError, EngineTimeoutError, type EngineErrorContext } from '../../src/docker/describeEngineError';
import { createCa, issueClientCert, type PemPair } from '../../src/tls/certificates';

const DAY = 24 * 60 * 60 * 1000;
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('describeEngineError', () => {
    let ca: PemPair;
    let client: PemPair;
    let context: EngineErrorContext;

    before(async () => {
        ca = await createCa('describe CA');
        client = await issueClientCert(ca, { commonName: 'client' });
        context = { address: '203.0.113.7', port: 2376, tls: { ca: ca.certPem, cert: client.certPem, key: client.keyPem } };
    });

    it('maps each connection code to its kind, with a cause and a fix', () => {
        const cases: [Error, string, RegExp][] = [
            [coded('ECONNREFUSED'), 'refused', /Nothing accepts connections at 203\.0\.113\.7:2376/],
            [coded('ETIMEDOUT'), 'timeout', /did not answer/],
            [coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'tlsWrongCa', /not signed by this host's CA/],
            [coded('SELF_SIGNED_CERT_IN_CHAIN'), 'tlsWrongCa', /not signed by this host's CA/],
            [coded('CERT_HAS_EXPIRED'), 'tlsExpired', /server certificate .* has expired/],
            [coded('CERT_NOT_YET_VALID'), 'tlsExpired', /not valid yet/],
            [Object.assign(coded('ERR_TLS_CERT_ALTNAME_INVALID'), { reason: "IP: 203.0.113.7 is not in the cert's list: " }), 'tlsHostname', /not valid for 203\.0\.113\.7/],
            [coded('ECONNRESET', 'socket hang up'), 'other', /connection to the engine .* was lost \(ECONNRESET: socket hang up\)/],
            [coded('ENOTFOUND'), 'other', /cannot be reached \(ENOTFOUND\)/],
        ];
        for (const [error, kind, cause] of cases) {
            const d = describeEngineError(error, context);
            assert.equal(d.kind, kind, (error as { code?: string }).code);
            assert.match(d.cause, cause);
            assert.ok(d.fix.length > 10);
            assert.equal(d.unreachable, true);
            // Every certificate problem points to the command that cures it.
            if (kind.startsWith('tls')) {
                assert.match(d.fix, /Rotate TLS Certificates/, kind);
            }
        }
        const rejected = describeEngineError(coded('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'), context);
        assert.match(rejected.fix, /Rotate TLS Certificates/);
    });

    it('names the configured limit on our own timeout', () => {
        const d = describeEngineError(new EngineTimeoutError(2500, 'list the containers'), context);
        assert.equal(d.kind, 'timeout');
        assert.match(d.cause, /within 2\.5 s/);
        assert.match(d.fix, /engineTimeoutSeconds/);
    });

    it('says "VM stopped" for a connection failure when Azure says the VM is stopped or deallocated', () => {
        for (const powerState of ['stopped', 'deallocated'] as const) {
            const d = describeEngineError(coded('ECONNREFUSED'), { ...context, powerState });
            assert.equal(d.kind, 'vmStopped');
            assert.match(d.cause, new RegExp(`VM is ${powerState}`));
            assert.match(d.fix, /Start the VM/);
        }
        assert.equal(describeEngineError(coded('ECONNREFUSED'), { ...context, powerState: 'running' }).kind, 'refused');
        // A TLS failure is not explained by the power state.
        assert.equal(describeEngineError(coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), { ...context, powerState: 'stopped' }).kind, 'tlsWrongCa');
    });

    it('tells apart a rejected client certificate from the PEMs, whatever the TLS library calls the alert', async () => {
        const expired = await issueClientCert(ca, { commonName: 'old', now: new Date(Date.now() - 10 * DAY), validDays: 1 });
        const future = await issueClientCert(ca, { commonName: 'future', now: new Date(Date.now() + 10 * DAY), validDays: 1 });
        const foreign = await issueClientCert(await createCa('other CA'), { commonName: 'foreign' });
        for (const code of ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE', 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED']) {
            const withCert = (cert: PemPair) => describeEngineError(coded(code), { ...context, tls: { ca: ca.certPem, cert: cert.certPem, key: cert.keyPem } });
            assert.equal(withCert(expired).kind, 'tlsExpired', code);
            assert.match(withCert(expired).cause, /client certificate expired on \d{4}-\d\d-\d\d/);
            assert.equal(withCert(future).kind, 'tlsExpired');
            assert.match(withCert(future).cause, /not valid before .*clock/);
            assert.equal(withCert(foreign).kind, 'tlsBadClientCert');
            assert.match(withCert(foreign).cause, /not signed by the host's CA/);
            // Our certificate looks fine: the engine trusts another CA.
            assert.equal(withCert(client).kind, 'tlsBadClientCert');
            assert.match(withCert(client).cause, /rejected this host's client certificate/);
        }
        assert.equal(describeEngineError(coded('ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED'), { address: 'h', port: 1 }).kind, 'tlsExpired');
    });

    it('an engine answer (HTTP error) is not "unreachable" and quotes the engine', () => {
        const error = Object.assign(new Error('(HTTP code 409) unexpected - You cannot remove a running container abc. Stop the container before attempting removal or force remove '), {
            statusCode: 409,
            json: { message: 'You cannot remove a running container abc. Stop the container before attempting removal or force remove' },
        });
        const d = describeEngineError(error, context);
        assert.equal(d.kind, 'other');
        assert.equal(d.unreachable, false);
        assert.equal(d.statusCode, 409);
        assert.equal(d.cause, 'The engine refused the request: You cannot remove a running container abc. Stop the container before attempting removal or force remove (HTTP 409).');
    });

    it('anything else is "other" with its first line', () => {
        const d = describeEngineError(new Error('boom\nstack'), context);
        assert.equal(d.kind, 'other');
        assert.equal(d.cause, 'The engine call failed: boom.');
        assert.equal(d.unreachable, false);
    });
});
