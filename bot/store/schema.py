"""The database schema: one migration script per version, with a reason for every column.

PRAGMA user_version holds how many of these have run; `Store.open` runs the rest.
Never edit a released script: add a new one.
"""

from __future__ import annotations

# One script per schema version; PRAGMA user_version says how many have run.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE users (
        pseudonym TEXT PRIMARY KEY,     -- keyed HMAC of channel + user id: finds the row, reveals no id
        language TEXT CHECK (language IN ('id', 'en')),  -- the language the user chose; NULL until they do
        last_language TEXT NOT NULL CHECK (last_language IN ('id', 'en')),  -- fallback when a message can't tell
        pending TEXT,                   -- id of a yes/no question awaiting an answer; cleared after a day
        seen_on TEXT NOT NULL           -- last day of use (no time): unused rows expire with retention
    ) WITHOUT ROWID;
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,              -- UTC date: per-day figures and retention
        hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),  -- UTC hour: when people need the bot
        user_day TEXT NOT NULL,         -- HMAC of user id + day: counts people per day, unlinkable across days
        channel TEXT NOT NULL,          -- 'telegram' or 'terminal': keeps maintainers' tests apart
        kind TEXT NOT NULL CHECK (kind IN ('text', 'press', 'command', 'feedback')),  -- what arrived, not its words
        language TEXT NOT NULL,         -- language of the reply: the language mix
        intent TEXT,                    -- the topic understood; NULL when not understood
        response_id TEXT,               -- the library answer given (or rated): which answers are used
        risk TEXT NOT NULL CHECK (risk IN ('none', 'possible', 'high')),  -- how often the crisis path fires
        confidence TEXT,                -- a coarse band, e.g. '0.35-0.60': where understanding is weak
        feedback INTEGER CHECK (feedback IN (-1, 1)),  -- thumbs up/down on response_id
        unreached TEXT                  -- hotline ids on a reply whose "couldn't get through?" was pressed
    );
    CREATE INDEX events_by_day ON events (day);
    CREATE INDEX events_by_user_day ON events (user_day);
    """,
    """
    CREATE TABLE processed_updates (
        update_id INTEGER PRIMARY KEY,  -- Telegram's update id, answered: never answer it twice
        day TEXT NOT NULL               -- kept a week (Telegram redelivers for at most a day)
    );
    """,
    # 3: risk 'emergency' (an act under way gets the medical-emergency reply). SQLite cannot change
    # a CHECK in place, so the table is rebuilt with the same columns.
    """
    CREATE TABLE events_v3 (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,
        hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
        user_day TEXT NOT NULL,
        channel TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'press', 'command', 'feedback')),
        language TEXT NOT NULL,
        intent TEXT,
        response_id TEXT,
        risk TEXT NOT NULL CHECK (risk IN ('none', 'possible', 'high', 'emergency')),  -- how often each path fires
        confidence TEXT,
        feedback INTEGER CHECK (feedback IN (-1, 1)),
        unreached TEXT
    );
    INSERT INTO events_v3 SELECT * FROM events;
    DROP TABLE events;
    ALTER TABLE events_v3 RENAME TO events;
    CREATE INDEX events_by_day ON events (day);
    CREATE INDEX events_by_user_day ON events (user_day);
    """,
)
