-- A vote in one round trip. It takes two statements: the question's row lock first, so that the
-- count of the address's votes that follows sees every vote committed by whoever held the lock
-- before (one statement would count from the snapshot it started with, and two concurrent votes
-- from one address could both pass the cap). A function runs both in one call, and in READ
-- COMMITTED each statement of a volatile function takes a fresh snapshot, as the statements of a
-- transaction do; without a BEGIN and a COMMIT around it a vote costs one round trip, not four.
create function qa_add_vote(p_question uuid, p_voter uuid, p_ip text, p_net text, p_cap int,
  out is_open boolean, out is_changed boolean, out vote_count int, out had_voted boolean, out from_address int)
language plpgsql as $$
begin
  is_changed := false;
  had_voted := false;
  from_address := 0;
  select q.votes into vote_count from questions q where q.id = p_question and q.status = 'approved' for update;
  is_open := found;
  if not is_open then
    vote_count := 0;
    return;
  end if;
  select count(*)::int into from_address from question_votes v where v.question_id = p_question and v.ip_hash = p_ip;
  if from_address < p_cap then
    insert into question_votes(question_id, voter_id, ip_hash, net_hash) values (p_question, p_voter, p_ip, p_net) on conflict do nothing;
    is_changed := found;
  end if;
  if is_changed then
    update questions q set votes = q.votes + 1 where q.id = p_question returning q.votes into vote_count;
  else
    had_voted := exists(select 1 from question_votes v where v.question_id = p_question and v.voter_id = p_voter);
  end if;
end
$$;
