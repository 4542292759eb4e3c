#!/bin/sh
# After deploy: subscribe the blob extension of IngestTlsReport to BlobCreated events of tlsrpt-inbox (Flex
# Consumption runs blob triggers from Event Grid). The webhook needs the blobs_extension system key, which exists
# only once the app is deployed, so this cannot be in the Bicep. Idempotent: re-running updates the subscription.
set -eu
: "${AZURE_RESOURCE_GROUP:?}" "${AZURE_FUNCTION_APP_NAME:?}" "${AZURE_FUNCTION_APP_HOSTNAME:?}" "${AZURE_EVENTGRID_TOPIC_NAME:?}"

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
az eventgrid system-topic event-subscription create \
  --name tlsrpt-inbox \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$AZURE_EVENTGRID_TOPIC_NAME" \
  --endpoint "$endpoint" \
  --endpoint-type webhook \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with /blobServices/default/containers/tlsrpt-inbox/ \
  --max-delivery-attempts 30 \
  --event-ttl 1440 \
  --output none
echo "Event Grid subscription tlsrpt-inbox -> IngestTlsReport is in place."
