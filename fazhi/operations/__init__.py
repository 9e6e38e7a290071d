"""The operator's commands run on the server: backup and restore, data key rotation, audit log
verification and archiving, and purging records past their retention period."""
