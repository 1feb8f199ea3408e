"""Several bot processes (replicas) on one PostgreSQL database, behaving as one bot.

- ``lease``: one holder of an exclusive duty (the campaign sender and staff alerts of a bot
  token and Zalo app), renewed in the database, taken over within seconds when it dies;
- ``presence``: heartbeats, and each replica's share of Telegram's per-token send limit;
- ``inbox``: a person's webhook updates (Telegram, Zalo) handled in order by one replica at
  a time, and the flood guard counted across replicas;
- ``replica``: what the runner starts on PostgreSQL.

On SQLite there is one process and none of this runs (docs/deploy.md, "Several replicas").
"""
