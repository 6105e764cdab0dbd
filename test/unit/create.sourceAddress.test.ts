import * as assert from 'node:assert/strict';
import { anySpellings } from './anySourceSpellings';
import { nsgSourcePrefix, parseSourceAddress, sourceWarning, type SourceAddress } from '../../src/azure/create/parseSourceAddress';


describe('create: firewall source canonicalisation', () => {
    it('reads every spelling of "any" as any', () => {
        for (const text of anySpellings) {
            assert.deepEqual(parseSourceAddress(text), { kind: 'any' }, text);
        }
    });

    it('refuses an unconfirmed "any" in every form, also inside a cidr a plan was built with', () => {
        for (const text of anySpellings) {
            const forms: SourceAddress[] = [{ kind: 'cidr', prefix: text }, { kind: 'any' }];
            for (const source of forms) {
                assert.throws(() => nsgSourcePrefix(source), /needs your explicit confirmation/, `${JSON.stringify(source)}`);
                assert.equal(nsgSourcePrefix({ ...source, confirmed: true }), '*', `${JSON.stringify(source)} confirmed`);
            }
        }
    });

    it('writes the canonical prefix', () => {
        assert.deepEqual(parseSourceAddress(' 203.0.113.7 '), { kind: 'cidr', prefix: '203.0.113.7/32' });
        assert.deepEqual(parseSourceAddress('2001:0DB8:0000::/48'), { kind: 'cidr', prefix: '2001:db8::/48' });
        assert.deepEqual(parseSourceAddress('2001:db8::1'), { kind: 'cidr', prefix: '2001:db8::1/128' });
        assert.deepEqual(parseSourceAddress('10.0.0.0/08'), { kind: 'cidr', prefix: '10.0.0.0/8' });
        // An IPv4-mapped range is the IPv4 range it stands for.
        assert.deepEqual(parseSourceAddress('::ffff:203.0.113.0/120'), { kind: 'cidr', prefix: '203.0.113.0/24' });
        assert.equal(nsgSourcePrefix({ kind: 'cidr', prefix: '2001:0db8::/48' }), '2001:db8::/48');
    });

    it('refuses host bits, naming the range the rule would really cover', () => {
        assert.match(String(parseSourceAddress('1.2.3.4/24')), /host bits.*1\.2\.3\.0\/24/);
        assert.match(String(parseSourceAddress('203.0.113.7/30')), /203\.0\.113\.4\/30/);
        assert.match(String(parseSourceAddress('2001:db8::1/64')), /2001:db8::\/64/);
        assert.throws(() => nsgSourcePrefix({ kind: 'cidr', prefix: '1.2.3.4/24' }), /1\.2\.3\.0\/24/);
        assert.throws(() => nsgSourcePrefix({ kind: 'cidr', prefix: 'not-an-address' }), /not valid/);
    });

    it('warns on very broad ranges: IPv4 shorter than /8, IPv6 shorter than /32', () => {
        for (const broad of ['0.0.0.0/1', '128.0.0.0/7', '2000::/3', '2001::/31']) {
            const source = parseSourceAddress(broad) as SourceAddress;
            assert.equal(source.kind, 'cidr', broad);
            assert.match(String(sourceWarning(source)), /very broad/, broad);
            assert.throws(() => nsgSourcePrefix(source), /needs your explicit confirmation/, broad);
            assert.equal(nsgSourcePrefix({ ...source, confirmed: true }), broad);
        }
        for (const fine of ['10.0.0.0/8', '2001:db8::/32', '203.0.113.7/32', '2001:db8::/48']) {
            assert.equal(sourceWarning(parseSourceAddress(fine) as SourceAddress), undefined, fine);
            assert.equal(nsgSourcePrefix(parseSourceAddress(fine) as SourceAddress), fine);
        }
    });
});
