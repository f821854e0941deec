"""The relational store: tables, migrations, visibility (markings) and the queries over them."""
