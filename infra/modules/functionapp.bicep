// The Flex Consumption (FC1) plan and the function app: dotnet-isolated 10.0, HTTPS only, TLS 1.2, the user-assigned
// identity, and the deployment package read from blob storage with that identity. App settings: appsettings.bicep.
// Inbound access: only our Front Door profile, Event Grid (it delivers BlobCreated events to the blob extension's
// webhook directly) and the operators' adminAllowedIpRanges; everything else is denied, so the anonymous routes
// cannot be reached around Front Door and its WAF.
param planName string
param appName string
param location string
param tags object
param identityId string
param blobEndpoint string
param deploymentContainerName string
param maximumInstanceCount int
param frontDoorIds string[]
param adminAllowedIpRanges string[]

// One rule per 8 profile ids (a rule's header takes at most 8 values); the first keeps the name it always had.
var frontDoorRules = map(range(0, (length(frontDoorIds) + 7) / 8), i => {
  name: i == 0 ? 'front-door' : 'front-door-${i + 1}'
  description: 'Our Front Door profiles only: the service tag covers every Front Door, the header tells ours'
  action: 'Allow'
  priority: 100 + i
  tag: 'ServiceTag'
  ipAddress: 'AzureFrontDoor.Backend'
  headers: {
    'x-azure-fdid': take(skip(frontDoorIds, i * 8), 8)
  }
})

var accessRestrictions = concat(
  frontDoorRules,
  [
    {
      name: 'event-grid'
      description: 'BlobCreated events for the blob extension webhook (it checks the blobs_extension key)'
      action: 'Allow'
      priority: 200
      tag: 'ServiceTag'
      ipAddress: 'AzureEventGrid'
    }
  ],
  map(range(0, length(adminAllowedIpRanges)), i => {
    name: 'admin-${i + 1}'
    description: 'Operators: the admin API with a function key'
    action: 'Allow'
    priority: 300 + i
    tag: 'Default'
    ipAddress: adminAllowedIpRanges[i]
  })
)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references in app settings (Alerts:WebhookSecret) are read with the app's user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      ipSecurityRestrictions: accessRestrictions
      ipSecurityRestrictionsDefaultAction: 'Deny'
      // The SCM site keeps its own (open) rules: azd deploys through it from the operator's machine, with Entra ID
      // only (basic publishing credentials are off below).
      scmIpSecurityRestrictionsUseMain: false
      scmIpSecurityRestrictionsDefaultAction: 'Allow'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
