// MTA-STS Functions: a pay-per-request (Flex Consumption), multi-tenant deployment, secure by default.
// azd provisions this (azure.yaml at the repository root); every connection is identity-based.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; used to name the resource group and the resources')
param environmentName string

@minLength(1)
@description('Azure region for every regional resource')
param location string

@description('The DNS zone this service owns for tenant TXT records (Dns:DelegationZone); customers CNAME _mta-sts.<domain> to <domain>.<zone>')
param delegationZoneName string

@description('Object id of the deploying user or group, given the same data roles as the app (empty for none)')
param principalId string = ''

@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
@description('Type of principalId')
param principalType string = 'User'

@description('NCRONTAB schedule of RotatePolicyIds')
param rotationSchedule string = '0 */5 * * * *'

@description('NCRONTAB schedule of SweepTlsReportInbox (ingests inbox blobs whose event was lost)')
param reportSweepSchedule string = '0 */10 * * * *'

@minValue(40)
@maxValue(1000)
@description('Most instances the Flex Consumption app may scale out to')
param maximumInstanceCount int = 100

@minValue(1)
@description('Requests per minute one client IP may send to /tlsrpt through Front Door (WAF rate limit)')
param tlsrptRateLimitPerMinute int = 60

@minValue(1024)
@maxValue(20971520)
@description('Reports:MaxCompressedBytes of the app, and the largest Content-Length the Front Door WAF lets through to /tlsrpt (at most the app\'s Reports:MaxDecompressedBytes, 20 MiB)')
param reportMaxCompressedBytes int = 1048576

@minValue(60)
@description('Days an archived report blob is kept (in the cool tier after 30 days) before lifecycle management deletes it')
param reportArchiveRetentionDays int = 400

@description('CIDR ranges (e.g. 203.0.113.0/24) that may reach the function app directly, for the admin API; all else goes through Front Door')
param adminAllowedIpRanges string[] = []

@minValue(1)
@maxValue(16)
@description('Front Door profiles (shards) for tenants\' mta-sts custom domains: a Standard profile holds 100 custom domains')
param frontDoorProfileCount int = 1

@minValue(1)
@maxValue(100)
@description('Custom domains placed on each profile (FrontDoor:Shards:N:Capacity; at most 100 on Standard)')
param frontDoorProfileCapacity int = 100

@description('Ask customers for a one-time CNAME _dnsauth.mta-sts.<domain> to <domain>.dnsauth.<zone>, where the app keeps Front Door\'s validation token (FrontDoor:DelegateValidation); otherwise the token is a TXT the customer copies')
param frontDoorDelegateValidation bool = false

@description('NCRONTAB schedule of SyncCustomDomains')
param customDomainSchedule string = '0 */5 * * * *'

@minValue(0)
@maxValue(3600)
@description('Seconds Front Door may cache a served policy (Policy:EdgeCacheSeconds, added to the rotation window); 0 turns route caching off')
param policyEdgeCacheSeconds int = 0

@description('NCRONTAB schedule of WatchMx (live MX sets, a batch of tenants per run)')
param mxWatchSchedule string = '0 */15 * * * *'

@description('NCRONTAB schedule of EvaluateTenants (readiness, autoPromote, alert conditions; each tenant once a day, in hourly batches)')
param evaluationSchedule string = '0 15 * * * *'

@description('NCRONTAB schedule of DeliverAlerts (the webhook outbox)')
param alertDeliverySchedule string = '0 */2 * * * *'

@description('Webhook URLs that receive every tenant\'s alerts (Alerts:Webhooks); Slack and Teams incoming webhooks display the body\'s text')
param alertWebhooks string[] = []

@description('The Key Vault secret URI of Alerts:WebhookSecret (https://<vault>.vault.azure.net/secrets/<name>); the app reads it through a Key Vault reference with its identity. Required when alertWebhooks is set')
param alertWebhookSigningKeyVaultUri string = ''

@description('The Key Vault secret URI of Dashboard:ShareSecret (https://<vault>.vault.azure.net/secrets/<name>), the key that signs the dashboard\'s read-only share links; read through a Key Vault reference with the app\'s identity. Empty: share links are off')
param dashboardShareSigningKeyVaultUri string = ''

var tags = {
  'azd-env-name': environmentName
}
var token = toLower(uniqueString(subscription().id, environmentName, location))

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'modules/resources.bicep' = {
  name: 'resources'
  scope: group
  params: {
    location: location
    tags: tags
    token: token
    delegationZoneName: delegationZoneName
    principalId: principalId
    principalType: principalType
    rotationSchedule: rotationSchedule
    reportSweepSchedule: reportSweepSchedule
    maximumInstanceCount: maximumInstanceCount
    tlsrptRateLimitPerMinute: tlsrptRateLimitPerMinute
    reportMaxCompressedBytes: reportMaxCompressedBytes
    reportArchiveRetentionDays: reportArchiveRetentionDays
    adminAllowedIpRanges: adminAllowedIpRanges
    frontDoorProfileCount: frontDoorProfileCount
    frontDoorProfileCapacity: frontDoorProfileCapacity
    frontDoorDelegateValidation: frontDoorDelegateValidation
    customDomainSchedule: customDomainSchedule
    mxWatchSchedule: mxWatchSchedule
    evaluationSchedule: evaluationSchedule
    alertDeliverySchedule: alertDeliverySchedule
    alertWebhooks: alertWebhooks
    alertWebhookSigningKeyVaultUri: alertWebhookSigningKeyVaultUri
    dashboardShareSigningKeyVaultUri: dashboardShareSigningKeyVaultUri
    policyEdgeCacheSeconds: policyEdgeCacheSeconds
  }
}

output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = resources.outputs.functionAppName
output AZURE_FUNCTION_APP_HOSTNAME string = resources.outputs.functionAppHostName
output AZURE_EVENTGRID_TOPIC_NAME string = resources.outputs.eventGridTopicName
output AZURE_EVENTGRID_DEADLETTER_CONTAINER_ID string = resources.outputs.eventGridDeadLetterContainerId
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output AZURE_STORAGE_ACCOUNT_ID string = resources.outputs.storageAccountId
output AZURE_FRONTDOOR_PROFILE_NAME string = resources.outputs.frontDoorProfileName
output AZURE_FRONTDOOR_ENDPOINT_HOSTNAME string = resources.outputs.frontDoorEndpointHostName
output AZURE_FRONTDOOR_ID string = resources.outputs.frontDoorId
output AZURE_DNS_ZONE_NAME string = resources.outputs.dnsZoneName
output AZURE_DNS_ZONE_NAME_SERVERS array = resources.outputs.dnsZoneNameServers
output AZURE_APP_IDENTITY_CLIENT_ID string = resources.outputs.identityClientId
