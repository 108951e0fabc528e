-- When an instance began opening a handoff in the contact centre's system. Two turns of one
-- conversation that ask for a person at once both find the same open handoff; only the one that
-- sets this (while no conversation is recorded there and no other instance began within two
-- minutes) opens it there, so the contact centre gets one conversation, not two. A stale value
-- (an instance that stopped half-way) lets a later turn open it.
ALTER TABLE handoffs ADD COLUMN handover_at timestamptz;
