// The app settings of DESIGN.md, every connection identity-based (no keys, no connection strings).
param appName string
param identityClientId string
param storageAccountName string
param blobEndpoint string
param tableEndpoint string
param queueEndpoint string
param appInsightsConnectionString string
param rotationSchedule string
param reportSweepSchedule string
param delegationZoneName string
param publicHostName string
param frontDoorIds string[]
param reportMaxCompressedBytes int
@description('The shards of tenants\' custom domains: profile, endpoint, endpointHost, route, capacity')
param frontDoorShards array
param frontDoorDelegateValidation bool
param customDomainSchedule string
param policyEdgeCacheSeconds int
param mxWatchSchedule string
param evaluationSchedule string
param alertDeliverySchedule string
@description('Webhook URLs that receive every tenant\'s alerts (Alerts:Webhooks)')
param alertWebhooks string[]
@description('The Key Vault secret URI of Alerts:WebhookSecret; empty when no webhook is set')
param alertWebhookSigningKeyVaultUri string
@description('The Key Vault secret URI of Dashboard:ShareSecret; empty: share links are off')
param dashboardShareSigningKeyVaultUri string

// Alerts:Webhooks:N as flat app settings.
var webhookSettings = reduce(range(0, length(alertWebhooks)), {}, (settings, i) => union(settings, {
  'Alerts__Webhooks__${i}': alertWebhooks[i]
}))

// FrontDoor:Shards:N:* as flat app settings.
var shardSettings = reduce(range(0, length(frontDoorShards)), {}, (settings, i) => union(settings, {
  'FrontDoor__Shards__${i}__Profile': frontDoorShards[i].profile
  'FrontDoor__Shards__${i}__Endpoint': frontDoorShards[i].endpoint
  'FrontDoor__Shards__${i}__EndpointHost': frontDoorShards[i].endpointHost
  'FrontDoor__Shards__${i}__Route': frontDoorShards[i].route
  'FrontDoor__Shards__${i}__Capacity': string(frontDoorShards[i].capacity)
}))

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: appName
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(shardSettings, webhookSettings, empty(alertWebhookSigningKeyVaultUri) ? {} : { Alerts__WebhookSecret: '@Microsoft.KeyVault(SecretUri=${alertWebhookSigningKeyVaultUri})' }, empty(dashboardShareSigningKeyVaultUri) ? {} : { Dashboard__ShareSecret: '@Microsoft.KeyVault(SecretUri=${dashboardShareSigningKeyVaultUri})' }, {
    // Share links point at the Front Door endpoint, the only address a domain owner can reach the dashboard on.
    Dashboard__PublicUrl: 'https://${publicHostName}'
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    Storage__blobServiceUri: blobEndpoint
    Storage__queueServiceUri: queueEndpoint
    Storage__tableServiceUri: tableEndpoint
    Storage__credential: 'managedidentity'
    Storage__clientId: identityClientId
    AZURE_CLIENT_ID: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    AzureWebJobsDisableHomepage: 'true'
    RotationSchedule: rotationSchedule
    ReportSweepSchedule: reportSweepSchedule
    Serving__PublicHostName: publicHostName
    Proxy__TrustedFrontDoorId: join(frontDoorIds, ',')
    CustomDomainSchedule: customDomainSchedule
    MxWatchSchedule: mxWatchSchedule
    EvaluationSchedule: evaluationSchedule
    AlertDeliverySchedule: alertDeliverySchedule
    Policy__EdgeCacheSeconds: string(policyEdgeCacheSeconds)
    FrontDoor__SubscriptionId: subscription().subscriptionId
    FrontDoor__ResourceGroup: resourceGroup().name
    FrontDoor__Endpoint: environment().resourceManager
    FrontDoor__DelegateValidation: string(frontDoorDelegateValidation)
    Dns__Provider: 'AzureDns'
    Dns__DelegationZone: delegationZoneName
    Dns__AzureDns__SubscriptionId: subscription().subscriptionId
    Dns__AzureDns__ResourceGroup: resourceGroup().name
    Dns__AzureDns__Endpoint: environment().resourceManager
    Reports__Dkim: 'Record'
    // The same limit as the Front Door WAF's Content-Length rule on /tlsrpt (waf.bicep).
    Reports__MaxCompressedBytes: string(reportMaxCompressedBytes)
  })
}
