// The delegation zone (Dns:DelegationZone): the service writes <domain>.<zone> TXT records here.
param zoneName string
param tags object

resource zone 'Microsoft.Network/dnsZones@2018-05-01' = {
  name: zoneName
  location: 'global'
  tags: tags
  properties: {
    zoneType: 'Public'
  }
}

output name string = zone.name
output nameServers array = zone.properties.nameServers
