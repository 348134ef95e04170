-- Revocable login tokens (issue 14, finding 11): every login JWT carries its
-- admin's token generation; logout and a password change bump it, so every
-- JWT issued before is refused, also after a restart.

ALTER TABLE admins ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0;
