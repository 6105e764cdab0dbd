/** Every spelling of "every address" a user (or a hand-built plan) might use; unit and reliability tests share it. */
export const anySpellings = ['*', 'Internet', 'INTERNET', 'any', 'Any', '0.0.0.0/0', '0.0.0.0/00', '1.2.3.4/0', '::/0', '::0/0', '0::/0', '2001:db8::/0', '::ffff:0:0/96', '::ffff:0.0.0.0/96', '::/64'];
