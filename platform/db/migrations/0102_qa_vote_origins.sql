-- Where each vote came from, as keyed hashes (HMAC with the server's secret), never the address:
-- one address's votes on a question are capped, and moderators see bursts from one network.
alter table question_votes add column ip_hash text, add column net_hash text;
create index question_votes_by_address on question_votes(question_id, ip_hash);
