import * as assert from 'node:assert/strict';
import { remoteSshFolderUri } from '../../src/ssh/remoteSsh';

describe('Open in Remote-SSH: the folder it opens', () => {
    it('is the admin user\'s home through the managed alias, in Remote-SSH\'s ssh-remote+ authority', () => {
        assert.equal(remoteSshFolderUri('adh-web1', 'azureuser'), 'vscode-remote://ssh-remote+adh-web1/home/azureuser');
        assert.equal(remoteSshFolderUri('adh-web1', 'root'), 'vscode-remote://ssh-remote+adh-web1/root');
    });

    it('refuses an alias that would change the authority or the path', () => {
        for (const alias of ['adh web', 'adh/x', 'user@adh', 'adh+x', '']) {
            assert.throws(() => remoteSshFolderUri(alias, 'azureuser'), /not an SSH alias/, alias);
        }
    });
});
