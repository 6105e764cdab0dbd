import * as assert from 'node:assert/strict';
import { convert } from '../../src/bundleStubs/htmlToText';

describe('html-to-text stand-in', () => {
    it('flattens an HTML error page to its text', () => {
        assert.equal(convert('<html><head><style>p{}</style></head><body><h1>Bad Gateway</h1><p>Try &amp; retry &lt;later&gt;</p></body></html>'), 'Bad Gateway\nTry & retry <later>');
    });
});
