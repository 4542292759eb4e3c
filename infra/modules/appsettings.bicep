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
param frontDoorId string
param reportMaxCompressedBytes int

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: appName
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
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
    Proxy__TrustedFrontDoorId: frontDoorId
    Dns__Provider: 'AzureDns'
    Dns__DelegationZone: delegationZoneName
    Dns__AzureDns__SubscriptionId: subscription().subscriptionId
    Dns__AzureDns__ResourceGroup: resourceGroup().name
    Dns__AzureDns__Endpoint: environment().resourceManager
    Reports__Dkim: 'Record'
    // The same limit as the Front Door WAF's Content-Length rule on /tlsrpt (waf.bicep).
    Reports__MaxCompressedBytes: string(reportMaxCompressedBytes)
  }
}
