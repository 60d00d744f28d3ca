#!/usr/bin/env bash
# make_test_ca.sh DIR - a throwaway certificate authority for tests and the
# benchmark: writes DIR/ca.pem (the CA, to be trusted only by the gw under
# test through [upstream] ca_file), DIR/server.pem and DIR/server.key (a
# certificate it signed for 127.0.0.1 and localhost, for a TLS terminator on
# loopback). P-256 keys, valid two days. Needs the openssl command.
set -euo pipefail
dir=${1:?usage: make_test_ca.sh DIR}
mkdir -p "$dir"
cd "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj "/CN=gw throwaway test CA" -keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -subj "/CN=127.0.0.1" -keyout server.key -out server.csr 2>/dev/null
printf '%s\n' 'subjectAltName=IP:127.0.0.1,DNS:localhost' 'basicConstraints=CA:FALSE' \
  'extendedKeyUsage=serverAuth' >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
  -extfile server.ext -out server.pem 2>/dev/null
rm -f server.csr server.ext ca.srl
chmod 600 ca.key server.key
