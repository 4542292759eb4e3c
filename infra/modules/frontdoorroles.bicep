// The app's role on one shard's Front Door profile: CDN Profile Contributor at the profile's scope only, to create,
// validate and delete tenants' custom domains and change the route's custom domain list (SyncCustomDomains).
param principalId string
param profileName string

var cdnProfileContributor = 'ec156ff8-a8d1-4d15-830c-5b80698ca432'

resource profile 'Microsoft.Cdn/profiles@2024-02-01' existing = {
  name: profileName
}

resource contributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(profile.id, principalId, cdnProfileContributor)
  scope: profile
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cdnProfileContributor)
  }
}
