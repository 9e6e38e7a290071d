"""The site's front: the home page with the deadline board, the business lines, the account
pages, the login pages' place in the URLs, and the demo. It stands on every other app (core,
security and the registers); none stands on it but the dashboard."""
