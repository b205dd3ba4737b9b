# Turns Ongaro's raft.tla (github.com/ongardie/raft.tla, commit 6ecbdbc, Feb 2025; its
# sha256 is 2cf54dbedc5d81f3b108596a24644279a3bbc94cc0980108ee51590c7461cc3b) into the
# module that Soffio's `raft --variant tla` mirrors: the same spec without its history
# variables (elections, allLogs, voterLog) and without the history field mlog of messages.
# Nothing else changes: every action keeps its guards and its effect on the other variables.
#
#   mkdir -p tlc && sed -f strip-history.sed /path/to/raft.tla > tlc/raft.tla
#   cp MCraft.tla MCraft.cfg MCraft3.cfg tlc/ && cd tlc && tlc -config MCraft.cfg MCraft
#
# Each edit names the text it removes, so a changed upstream file fails loudly in SANY
# rather than silently producing another spec.

# The three history VARIABLE declarations.
/^VARIABLE elections$/d
/^VARIABLE allLogs$/d
/^VARIABLE voterLog$/d
# ... and their places in the variable tuples.
s/^candidateVars == <<votesResponded, votesGranted, voterLog>>$/candidateVars == <<votesResponded, votesGranted>>/
s/^leaderVars == <<nextIndex, matchIndex, elections>>$/leaderVars == <<nextIndex, matchIndex>>/
s/^vars == <<messages, allLogs, serverVars,/vars == <<messages, serverVars,/
# Init: InitHistoryVars (three lines) and its use.
/^InitHistoryVars == /,/^ *\/\\ voterLog  = /d
/^ *\/\\ InitHistoryVars$/d
# Restart and Timeout: the one-line voterLog' reset.
/^ *\/\\ voterLog' *= \[voterLog EXCEPT !\[i\] = \[j \\in {} |-> <<>>\]\]$/d
# Restart: elections in UNCHANGED.
s/UNCHANGED <<messages, currentTerm, votedFor, log, elections>>/UNCHANGED <<messages, currentTerm, votedFor, log>>/
# AppendEntries and HandleRequestVoteRequest: the mlog field (its comment lines stay).
/^ *mlog *|-> log\[i\],$/d
# BecomeLeader: the elections' conjunct (six lines).
/^ *\/\\ elections'  = elections \\cup$/,/evoterLog |-> voterLog\[i\]\]}$/d
# HandleRequestVoteResponse: the two-line voterLog' update and voterLog in UNCHANGED.
/^ *\/\\ voterLog' = \[voterLog EXCEPT !\[i\] =$/,/voterLog\[i\] @@ (j :> m\.mlog)\]$/d
s/UNCHANGED <<votesGranted, voterLog>>/UNCHANGED <<votesGranted>>/
# HandleAppendEntriesResponse: elections in UNCHANGED.
s/UNCHANGED <<serverVars, candidateVars, logVars, elections>>/UNCHANGED <<serverVars, candidateVars, logVars>>/
# Next: the allLogs' conjunct and its comment.
/^ *\\\* History variable that tracks every log ever:$/d
/^ *\/\\ allLogs' = allLogs \\cup {log\[i\] : i \\in Server}$/d
