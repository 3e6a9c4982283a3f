"""The trained decision component: which clauses state a commitment or measure (and of
which kind), and which numbers are measured findings. See README.md in pipelines/nlp."""
