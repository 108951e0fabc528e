-- A resident who, waiting for a person, wrote something that asks for help in a crisis ("ik zie
-- het niet meer zitten"): loket gave the help lines at once, and staff take them before the
-- others waiting. Only ever set while waiting.
ALTER TABLE handoffs ADD COLUMN urgent boolean NOT NULL DEFAULT false;
