package k8scheck

import (
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
)

// Pod is a pod as network policies see it: where it is, its labels, its ports.
type Pod struct {
	Name            string // for messages
	Namespace       string
	NamespaceLabels map[string]string
	Labels          map[string]string
	Ports           []corev1.ContainerPort
}

// Policies evaluates Kubernetes NetworkPolicies between pods, as the API
// defines them: a pod is isolated in a direction when a policy of its
// namespace selects it with that policy type; an isolated pod accepts what
// some rule of a selecting policy allows; a connection needs both the source's
// egress and the destination's ingress. Peers given by ipBlock never match a
// pod here (the API leaves pod IPs in ipBlocks to the implementation); see
// IPBlockEgress for those.
type Policies []networkingv1.NetworkPolicy

// Allowed reports whether from may open a connection to port/protocol of to.
func (ps Policies) Allowed(from, to Pod, port int32, protocol corev1.Protocol) bool {
	return ps.allows(from, to, port, protocol, networkingv1.PolicyTypeEgress) &&
		ps.allows(from, to, port, protocol, networkingv1.PolicyTypeIngress)
}

// EgressAllowed reports whether from's egress policies let it connect, whatever to's.
func (ps Policies) EgressAllowed(from, to Pod, port int32, protocol corev1.Protocol) bool {
	return ps.allows(from, to, port, protocol, networkingv1.PolicyTypeEgress)
}

// IngressAllowed reports whether to's ingress policies let from in, whatever from's.
func (ps Policies) IngressAllowed(from, to Pod, port int32, protocol corev1.Protocol) bool {
	return ps.allows(from, to, port, protocol, networkingv1.PolicyTypeIngress)
}

func (ps Policies) allows(from, to Pod, port int32, protocol corev1.Protocol, dir networkingv1.PolicyType) bool {
	subject, peer := from, to // egress: the source is isolated, the destination is the peer
	if dir == networkingv1.PolicyTypeIngress {
		subject, peer = to, from
	}
	isolated := false
	for _, p := range ps {
		if p.Namespace != subject.Namespace || !selects(&p.Spec.PodSelector, subject.Labels) || !hasType(p, dir) {
			continue
		}
		isolated = true
		if dir == networkingv1.PolicyTypeEgress {
			for _, r := range p.Spec.Egress {
				if peersMatch(r.To, p.Namespace, peer) && portsMatch(r.Ports, to, port, protocol) {
					return true
				}
			}
		} else {
			for _, r := range p.Spec.Ingress {
				if peersMatch(r.From, p.Namespace, peer) && portsMatch(r.Ports, to, port, protocol) {
					return true
				}
			}
		}
	}
	return !isolated
}

// hasType is the policy's types, defaulted as the API does: Ingress always,
// Egress when there are egress rules.
func hasType(p networkingv1.NetworkPolicy, t networkingv1.PolicyType) bool {
	types := p.Spec.PolicyTypes
	if len(types) == 0 {
		types = []networkingv1.PolicyType{networkingv1.PolicyTypeIngress}
		if len(p.Spec.Egress) > 0 {
			types = append(types, networkingv1.PolicyTypeEgress)
		}
	}
	for _, have := range types {
		if have == t {
			return true
		}
	}
	return false
}

func selects(sel *metav1.LabelSelector, l map[string]string) bool {
	s, err := metav1.LabelSelectorAsSelector(sel)
	if err != nil {
		return false
	}
	return s.Matches(labels.Set(l))
}

func peersMatch(peers []networkingv1.NetworkPolicyPeer, policyNamespace string, pod Pod) bool {
	if len(peers) == 0 {
		return true // no peers: everyone
	}
	for _, peer := range peers {
		if peer.IPBlock != nil {
			continue
		}
		nsOK := pod.Namespace == policyNamespace
		if peer.NamespaceSelector != nil {
			nsOK = selects(peer.NamespaceSelector, pod.NamespaceLabels)
		}
		podOK := peer.PodSelector == nil || selects(peer.PodSelector, pod.Labels)
		if nsOK && podOK {
			return true
		}
	}
	return false
}

func portsMatch(ports []networkingv1.NetworkPolicyPort, to Pod, port int32, protocol corev1.Protocol) bool {
	if len(ports) == 0 {
		return true // no ports: all
	}
	for _, p := range ports {
		proto := corev1.ProtocolTCP
		if p.Protocol != nil {
			proto = *p.Protocol
		}
		if proto != protocol {
			continue
		}
		if p.Port == nil {
			return true
		}
		lo := p.Port.IntVal
		if p.Port.StrVal != "" {
			// A named port is the destination pod's port of that name.
			lo = -1
			for _, cp := range to.Ports {
				if cp.Name == p.Port.StrVal && protocolOf(cp) == protocol {
					lo = cp.ContainerPort
				}
			}
		}
		hi := lo
		if p.EndPort != nil && p.Port.StrVal == "" {
			hi = *p.EndPort
		}
		if lo <= port && port <= hi {
			return true
		}
	}
	return false
}

func protocolOf(cp corev1.ContainerPort) corev1.Protocol {
	if cp.Protocol == "" {
		return corev1.ProtocolTCP
	}
	return cp.Protocol
}

// IPBlockEgress returns, for the pod, the (CIDR, port) pairs its egress
// policies allow by ipBlock; port 0 stands for every port.
func (ps Policies) IPBlockEgress(from Pod) map[string][]int32 {
	out := map[string][]int32{}
	for _, p := range ps {
		if p.Namespace != from.Namespace || !selects(&p.Spec.PodSelector, from.Labels) || !hasType(p, networkingv1.PolicyTypeEgress) {
			continue
		}
		for _, r := range p.Spec.Egress {
			peers := r.To
			if len(peers) == 0 { // no peers: everyone, every address
				peers = []networkingv1.NetworkPolicyPeer{{IPBlock: &networkingv1.IPBlock{CIDR: "0.0.0.0/0"}}}
			}
			for _, peer := range peers {
				if peer.IPBlock == nil {
					continue
				}
				if len(r.Ports) == 0 {
					out[peer.IPBlock.CIDR] = append(out[peer.IPBlock.CIDR], 0)
				}
				for _, port := range r.Ports {
					n := int32(0)
					if port.Port != nil {
						n = port.Port.IntVal
					}
					out[peer.IPBlock.CIDR] = append(out[peer.IPBlock.CIDR], n)
				}
			}
		}
	}
	return out
}
