#!/bin/sh
# After deploy: subscribe the blob extension of IngestTlsReport to BlobCreated events of tlsrpt-inbox (Flex
# Consumption runs blob triggers from Event Grid). The webhook needs the blobs_extension system key, which exists
# only once the app is deployed, so this cannot be in the Bicep. Idempotent: re-running updates the subscription.
# Events still undelivered after 30 attempts or 24 hours go to the tlsrpt-deadletter container, written with the
# system topic's own identity (the Bicep gives it Storage Blob Data Contributor on that container only).
# `az eventgrid event-subscription create` on the storage account (not `system-topic event-subscription create`,
# which has no dead-letter identity options) puts the subscription in the account's one system topic, the Bicep's.
set -eu
: "${AZURE_RESOURCE_GROUP:?}" "${AZURE_FUNCTION_APP_NAME:?}" "${AZURE_FUNCTION_APP_HOSTNAME:?}"
: "${AZURE_STORAGE_ACCOUNT_ID:?}" "${AZURE_EVENTGRID_DEADLETTER_CONTAINER_ID:?}"

key=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  key=$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
        --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  echo "waiting for the blobs_extension key (attempt $attempt)..."
  sleep 15
done
[ -n "$key" ] || { echo "the blobs_extension system key did not appear; is IngestTlsReport deployed?" >&2; exit 1; }

endpoint="https://$AZURE_FUNCTION_APP_HOSTNAME/runtime/webhooks/blobs?functionName=Host.Functions.IngestTlsReport&code=$key"
az eventgrid event-subscription create \
  --name tlsrpt-inbox \
  --source-resource-id "$AZURE_STORAGE_ACCOUNT_ID" \
  --endpoint "$endpoint" \
  --endpoint-type webhook \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with /blobServices/default/containers/tlsrpt-inbox/ \
  --max-delivery-attempts 30 \
  --event-ttl 1440 \
  --deadletter-identity systemassigned \
  --deadletter-identity-endpoint "$AZURE_EVENTGRID_DEADLETTER_CONTAINER_ID" \
  --output none
echo "Event Grid subscription tlsrpt-inbox -> IngestTlsReport (dead letters to tlsrpt-deadletter) is in place."
