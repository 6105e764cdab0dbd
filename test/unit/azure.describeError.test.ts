import * as assert from 'node:assert/strict';
import { describeAzureError } from '../../src/azure/describeError';
import { filterSubscriptions } from '../../src/azure/subscriptions';

const where = 'listing Docker hosts in subscription "Dev"';
const endpoint = 'https://management.azure.com';

describe('describeAzureError', () => {
    it('asks for a new sign-in on an expired token', () => {
        const d = describeAzureError({ statusCode: 401, code: 'ExpiredAuthenticationToken', message: 'The access token expiry UTC time is earlier than current UTC time.' }, where, endpoint);
        assert.equal(d.kind, 'signIn');
        assert.match(d.cause, /did not accept your sign-in while listing Docker hosts in subscription "Dev"/);
        assert.match(d.fix ?? '', /Sign in to Azure/);
    });

    it('treats an unavailable credential as a sign-in problem', () => {
        const d = describeAzureError(Object.assign(new Error('Azure CLI could not be found.'), { name: 'CredentialUnavailableError' }), where, endpoint);
        assert.equal(d.kind, 'signIn');
        assert.match(d.cause, /Azure CLI could not be found/);
    });

    it('names the missing permission on a 403, with the role to ask for', () => {
        const d = describeAzureError({ statusCode: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization' }, where, endpoint);
        assert.equal(d.kind, 'forbidden');
        assert.match(d.cause, /permission for listing Docker hosts in subscription "Dev" \(AuthorizationFailed\)/);
        assert.match(d.fix ?? '', /Reader role/);
    });

    it('names the endpoint it could not reach', () => {
        const d = describeAzureError({ name: 'RestError', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }, where, endpoint);
        assert.equal(d.kind, 'network');
        assert.match(d.cause, /Could not reach Azure at https:\/\/management\.azure\.com .*ECONNREFUSED/);
    });

    it('explains an untrusted certificate', () => {
        const d = describeAzureError({ code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' }, where, endpoint);
        assert.match(d.cause, /not trusted/);
        assert.match(d.fix ?? '', /NODE_EXTRA_CA_CERTS/);
    });

    it('recognises quota errors', () => {
        const d = describeAzureError({ statusCode: 409, code: 'OperationNotAllowed', message: 'Operation could not be completed as it results in exceeding approved standardBSFamily Cores quota.' }, 'creating the VM', endpoint);
        assert.equal(d.kind, 'quota');
        assert.match(d.fix ?? '', /quota increase/);
    });
});

describe('filterSubscriptions', () => {
    const all = [{ subscriptionId: 'AAA' }, { subscriptionId: 'bbb' }];
    it('shows all when nothing is selected', () => assert.deepEqual(filterSubscriptions(all, []), all));
    it('keeps the selected ones, ignoring case', () => assert.deepEqual(filterSubscriptions(all, ['aaa']), [{ subscriptionId: 'AAA' }]));
});
