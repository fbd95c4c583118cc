#!/usr/bin/env bash
# The README curl walkthrough as a script: login as admin, create a porter and a student, the student
# reports a complaint, everyone lists, the admin assigns the porter, the porter works it to resolved.
# Needs a running Herald, curl and python3. Usage:
#   HERALD_ADMIN_PASSWORD=... docs/walkthrough.sh            (Herald on http://localhost:8080)
#   HERALD_URL=http://localhost:9090 HERALD_ADMIN_PASSWORD=... docs/walkthrough.sh
set -euo pipefail

HERALD=${HERALD_URL:-http://localhost:8080}
API=$HERALD/api/v1
RUN=$(date +%s)
: "${HERALD_ADMIN_PASSWORD:?set HERALD_ADMIN_PASSWORD to the admin password}"

# Prints one field of the JSON document on standard input.
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
step() { printf '\n== %s\n' "$1" >&2; }

step "1. Log in as admin"
ADMIN=$(curl -sS --fail-with-body -X POST "$API/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$HERALD_ADMIN_PASSWORD\"}" | field access_token)

step "2. Create a porter and a student"
PORTER_ID=$(curl -sS --fail-with-body -X POST "$API/users" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/json' \
  -d "{\"username\":\"porter-$RUN\",\"password\":\"porter-password\",\"role\":\"porter\"}" | field id)
curl -sS --fail-with-body -X POST "$API/users" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/json' \
  -d "{\"username\":\"student-$RUN\",\"password\":\"student-password\",\"role\":\"student\"}"
echo

step "3. Both log in"
PORTER=$(curl -sS --fail-with-body -X POST "$API/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"porter-$RUN\",\"password\":\"porter-password\"}" | field access_token)
STUDENT=$(curl -sS --fail-with-body -X POST "$API/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"student-$RUN\",\"password\":\"student-password\"}" | field access_token)

step "4. The student reports a complaint"
COMPLAINT_ID=$(curl -sS --fail-with-body -X POST "$API/complaints" -H "Authorization: Bearer $STUDENT" \
  -H 'Content-Type: application/json' \
  -d '{"description":"The heater in room 12 is cold","category":"heating","hostel":"Block A","room":"12","severity":"high"}' \
  | field id)
echo "complaint $COMPLAINT_ID"

step "5. List complaints (the student sees their own; filters and paging work the same for everyone)"
curl -sS --fail-with-body "$API/complaints?status=open&hostel=Block%20A&limit=5" -H "Authorization: Bearer $STUDENT"
echo

step "6. The admin assigns the porter"
curl -sS --fail-with-body -X PUT "$API/complaints/$COMPLAINT_ID/assignee" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/json' -d "{\"porter_id\":$PORTER_ID}"
echo

step "7. The porter starts work, then resolves it"
curl -sS --fail-with-body -X PATCH "$API/complaints/$COMPLAINT_ID/status" -H "Authorization: Bearer $PORTER" \
  -H 'Content-Type: application/json' -d '{"status":"in_progress","note":"On my way"}'
echo
curl -sS --fail-with-body -X PATCH "$API/complaints/$COMPLAINT_ID/status" -H "Authorization: Bearer $PORTER" \
  -H 'Content-Type: application/json' -d '{"status":"resolved","note":"Valve replaced"}'
echo

step "8. The complaint with its full history"
curl -sS --fail-with-body "$API/complaints/$COMPLAINT_ID" -H "Authorization: Bearer $STUDENT"
echo
