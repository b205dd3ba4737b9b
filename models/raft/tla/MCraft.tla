------------------------------- MODULE MCraft -------------------------------
\* The bounded model behind Soffio's `raft --variant tla` counts.
\*
\* It EXTENDS `raft`, which must be Ongaro's raft.tla (github.com/ongardie/raft.tla,
\* commit 6ecbdbc) with its history variables and the mlog field removed by
\* strip-history.sed, in this folder:
\*
\*   sed -f strip-history.sed /path/to/raft.tla > raft.tla
\*
\* The unmodified raft.tla cannot be used here: its history variables add states,
\* and mlog makes two messages that differ only in the sender's log distinct in the
\* bag, which changes both the bag and the constraint below.
\*
\* Run with TLC, no symmetry, breadth-first (the default):
\*   tlc -config MCraft.cfg MCraft      (2 servers)
\*   tlc -config MCraft3.cfg MCraft     (3 servers)
\* TLC's "states generated" counts the initial state and every successor of every
\* expanded state, including those outside the constraint; "distinct states" counts
\* only those inside it. Soffio's bfs counts the same way.

EXTENDS raft

CONSTANTS MaxTerm, MaxLogLength, MaxCopies, MaxInFlight

\* Used as a CONSTRAINT: a state outside it is generated but neither counted as
\* distinct nor expanded.
BoundedState ==
    /\ \A i \in Server : /\ currentTerm[i] <= MaxTerm
                         /\ Len(log[i]) <= MaxLogLength
    /\ \A m \in DOMAIN messages : messages[m] <= MaxCopies
    /\ Cardinality(DOMAIN messages) <= MaxInFlight

=============================================================================
