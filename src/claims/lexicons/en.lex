# English lexicons of the claims stage (src/claims/claims.h). One entry per line, lower case,
# words separated by single spaces; matched against normalised word tokens (text::analyze), so
# punctuation is not part of an entry. "[section]" starts a list; "#" starts a comment.
# Another language is another file <language>.lex beside this one with the same sections.

[cue_verbs]
# Verbs (all their forms) that introduce attributed speech, direct or indirect.
said
says
say
saying
told
tells
tell
added
adds
claimed
claims
claim
warned
warns
stated
states
insisted
insists
explained
explains
argued
argues
noted
notes
announced
announces
confirmed
confirms
denied
denies
admitted
admits
alleged
alleges
revealed
reveals
suggested
suggests
declared
declares
asserted
asserts
maintained
maintains
wrote
writes
testified
tweeted
posted
replied
continued
recalled
acknowledged
stressed
urged
predicted
believes
believed
thinks
told reporters
reported
reports

[cue_prepositions]
# Phrases before the speaker: "according to the ministry, ..."
according to
in the words of
quoting

[addressee_verbs]
# Cue verbs whose object is the audience: "told Politico" names an outlet the claim passed through.
told
tells
tell

[relay_verbs]
# "As The Washington Examiner reports:", "Politico adds:": an outlet relaying what follows.
reports
reported
adds
added
writes
wrote
notes
noted
says
said
explains
continues

[hedges]
# Words and phrases that weaken a claim's certainty or distance the writer from it.
allegedly
alleged
reportedly
apparently
probably
possibly
perhaps
maybe
may
might
could
likely
unlikely
presumably
supposedly
purportedly
seemingly
seems
seemed
appears
appeared
suspected
unconfirmed
unverified
it is understood
is understood
is believed
are believed
was believed
is thought
are thought
was thought
is said to
are said to
sources say
sources said
according to sources
it is claimed
it is alleged
it is feared
is feared
feared to
thought to
believed to
understood to
expected to
potentially
arguably
rumoured
rumored
estimated
an estimated
approximately
as many as

[anonymous]
# Words that make a speaker anonymous when no name comes with them.
anonymous
unnamed
unidentified
official
officials
source
sources
insider
insiders
aide
aides
spokesman
spokeswoman
spokesperson
diplomat
diplomats
person familiar
people familiar
familiar with
witnesses
witness
observers
critics
experts
residents
neighbours
neighbors
friends
relatives

[anonymous_determiners]
# A speaker opened by one of these and made of no name is anonymous ("a senior official").
a
an
one
two
three
some
several
many
other
another
the
senior

[certainty]
# Headline words that state something as settled.
confirmed
confirms
definitely
certainly
undeniable
undeniably
proof
proves
proven
proved
officially
revealed
reveals
exposed
exposes
shocking
shock
truth
finally
must

[superlatives]
biggest
largest
worst
best
greatest
deadliest
most
least
highest
lowest
record
unprecedented
ever
historic
massive
huge
catastrophic
devastating
explosive
bombshell

[breaking]
breaking
exclusive
just in
urgent
alert

[question_words]
is
are
was
were
will
would
can
could
should
does
do
did
has
have
who
what
why
how
when
where
which

[months]
january
february
march
april
may
june
july
august
september
october
november
december
jan
feb
mar
apr
jun
jul
aug
sep
sept
oct
nov
dec

[weekdays]
monday
tuesday
wednesday
thursday
friday
saturday
sunday

[relative_dates]
yesterday
today
tomorrow
tonight
last night
this morning
last week
next week
last month
next month
last year
next year
earlier this year
this week
this month
this year

[number_words]
zero
one
two
three
four
five
six
seven
eight
nine
ten
eleven
twelve
thirteen
fourteen
fifteen
sixteen
seventeen
eighteen
nineteen
twenty
thirty
forty
fifty
sixty
seventy
eighty
ninety
hundred
hundreds
thousand
thousands
million
millions
billion
billions
trillion
dozen
dozens
half
first
second
third
fourth
fifth
tenth
per cent
percent

[place_prepositions]
# A capitalised word after one of these is taken as a place ("in Leeds", "near Port Alder").
in
at
near
from
outside
inside
across
throughout
to
towards
toward
into
across
around

[place_words]
# Capitalised words that make a name a place ("Harlan Creek", "Kessler County").
city
county
street
road
avenue
river
creek
lake
valley
island
islands
state
province
region
town
village
bay
mountain
mountains
port
square
park
bridge
airport
station
district
borough
heights
north
south
east
west

[person_titles]
mr
mrs
ms
miss
dr
prof
professor
sir
dame
lord
lady
president
prime minister
minister
secretary
senator
sen
rep
representative
governor
gov
mayor
judge
justice
chancellor
king
queen
prince
princess
pope
general
gen
colonel
col
captain
capt
sergeant
sgt
inspector
det
detective
officer
chief
superintendent
supt
constable
pc
rev
father
councillor
cllr

[organisation_words]
ministry
department
office
police
council
agency
commission
committee
union
party
government
administration
authority
authorities
company
corporation
corp
inc
ltd
plc
group
bank
court
board
association
institute
university
hospital
service
services
force
army
navy
military
white house
kremlin
pentagon
parliament
congress
senate
embassy
foundation
organisation
organization
federation
club
trust
network
news
times
post
journal
herald
gazette
tribune
telegraph
guardian
examiner
politico
reuters
associated press
bloomberg
bbc
cnn
fox
nbc
abc
cbs

[outlet_words]
# Names or name parts that make an addressee or relayer a news outlet.
news
times
post
journal
herald
gazette
tribune
telegraph
guardian
examiner
politico
reuters
associated press
bloomberg
bbc
cnn
fox
nbc
abc
cbs
press
daily
weekly
radio
tv
television
magazine
review
courier
ledger
record
chronicle
observer
express
mirror
mail
sun
independent
economist
axios
wire

[pronouns]
he
she
they
it
we
i

[editorial]
# Phrases of opinion that mark an inserted sentence as editorial comment (detail only).
disgrace
outrage
outrageous
shameful
of course
clearly
obviously
needless to say
make no mistake
